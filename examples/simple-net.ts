// The classic first PyTorch example, line for line. Run: npm run build && node dist/examples/simple-net.js
import { manualSeed, randn, nn, optim, noGrad, type Tensor } from '../src/index.js';

manualSeed(42);
const X = randn([100, 3]);
const y = X.select(1, 0).mul(2).add(X.select(1, 1)).sub(X.select(1, 2)).gt(0).float().unsqueeze(1);

class SimpleNet extends nn.Module {
  fc1 = new nn.Linear(3, 16);
  fc2 = new nn.Linear(16, 1);
  relu = new nn.ReLU();
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.relu.forward(this.fc1.forward(x))).sigmoid();
  }
}

const model = new SimpleNet();
const criterion = new nn.BCELoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });

for (let epoch = 0; epoch < 100; epoch++) {
  const outputs = model.forward(X);
  const loss = criterion.forward(outputs, y);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  if ((epoch + 1) % 10 === 0) {
    const accuracy = noGrad(() => outputs.gt(0.5).float().eq(y).float().mean().item());
    console.log(`Epoch [${epoch + 1}/100], Loss: ${loss.item().toFixed(4)}, Accuracy: ${accuracy.toFixed(4)}`);
  }
}
