import { registerLayers as registerBackboneLayers } from '@lowres/backbones';
import { registerLayers as registerWdsrLayers } from '@lowres/hf-weighted-sr';
import { registerLayers as registerRacnnLayers } from '@lowres/racnn';

/** Custom-layer registrations of the first-party plugins an exported pipeline may hold (LR-Net and BagNet have none). */
export const pluginLayers = [registerBackboneLayers, registerWdsrLayers, registerRacnnLayers] as const;
