/**
 * Energy per operation, from published measurements. A spiking network pays per synaptic event
 * (a spike arriving at one synapse: one accumulate); a dense network pays per multiply-accumulate.
 */
export const ENERGY_PJ = Object.freeze({
  /** 32-bit float multiply (3.7 pJ) + add (0.9 pJ), 45 nm (Horowitz 2014, ISSCC, Fig. 1.1.9). */
  macFloat32: 4.6,
  /** 8-bit integer multiply (0.2 pJ) + add (0.03 pJ), 45 nm (Horowitz 2014). */
  macInt8: 0.23,
  /** 32-bit float add alone, 45 nm (Horowitz 2014): the accumulate a synaptic event needs on a digital core. */
  addFloat32: 0.9,
  /** Intel Loihi: energy per synaptic spike operation, 23.6 pJ (Davies et al. 2018, IEEE Micro, Table 1). */
  sopLoihi: 23.6,
  /** IBM TrueNorth: 26 pJ per synaptic event (Merolla et al. 2014, Science). */
  sopTrueNorth: 26,
});

export interface EnergyEstimate {
  synapticEvents: number;
  macs: number;
  /** Synaptic events × Loihi's energy per synaptic operation (pJ). */
  snnLoihiPj: number;
  /** Synaptic events × TrueNorth's energy per synaptic event (pJ). */
  snnTrueNorthPj: number;
  /** Synaptic events × one float32 add on a conventional chip (pJ). */
  snnAccumulatePj: number;
  /** MACs × float32 MAC energy (pJ). */
  annFloat32Pj: number;
  /** MACs × int8 MAC energy (pJ). */
  annInt8Pj: number;
}

/**
 * Compares the energy of a spiking computation (counted synaptic events) with its dense
 * equivalent (counted MACs), with the per-operation figures of ENERGY_PJ. These are operation
 * energies only (no memory traffic), the comparison neuromorphic papers report.
 * @example energyEstimate(1.2e5, 7.9e5).snnLoihiPj;
 */
export function energyEstimate(synapticEvents: number, macs: number): EnergyEstimate {
  return {
    synapticEvents, macs,
    snnLoihiPj: synapticEvents * ENERGY_PJ.sopLoihi,
    snnTrueNorthPj: synapticEvents * ENERGY_PJ.sopTrueNorth,
    snnAccumulatePj: synapticEvents * ENERGY_PJ.addFloat32,
    annFloat32Pj: macs * ENERGY_PJ.macFloat32,
    annInt8Pj: macs * ENERGY_PJ.macInt8,
  };
}
