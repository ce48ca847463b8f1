import { Tensor } from '../../core/tensor.js';
import { maxPool2d } from '../../core/ops/pool.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { Conv2d } from '../conv.js';

/**
 * LeNet-5 as usually trained today (LeCun et al. 1998 with ReLU and max pooling):
 * conv 5×5×6 (padding 2) → pool 2 → conv 5×5×16 → pool 2 → fc 120 → fc 84 → fc classes,
 * for [batch, 1, 28, 28] images; returns logits. Keys conv1, conv2, fc1, fc2, fc3.
 * @example new nn.models.LeNet5().forward(randn([4, 1, 28, 28])).shape; // [4, 10]
 */
export class LeNet5 extends Module {
  conv1 = new Conv2d(1, 6, 5, { padding: 2 });
  conv2 = new Conv2d(6, 16, 5);
  fc1 = new Linear(16 * 5 * 5, 120);
  fc2 = new Linear(120, 84);
  fc3: Linear;
  constructor(readonly numClasses = 10) {
    super();
    this.fc3 = new Linear(84, numClasses);
  }
  forward(x: Tensor): Tensor {
    let h = maxPool2d(this.conv1.forward(x).relu(), 2, {}, 'LeNet5 pool1')[0];
    h = maxPool2d(this.conv2.forward(h).relu(), 2, {}, 'LeNet5 pool2')[0];
    h = h.flatten(1);
    return this.fc3.forward(this.fc2.forward(this.fc1.forward(h).relu()).relu());
  }
}
