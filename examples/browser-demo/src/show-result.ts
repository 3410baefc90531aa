import type { ExportedPipeline } from '@lowres/trainer';
import type { Classification, FloatImage } from './classify';
import { paint, paintImage, renderBars } from './render';

/** The page element with this id. */
export const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Shows an input, its SR output, BagNet evidence (when there is one), the class bars and the verdict. */
export function showResult(pipeline: ExportedPipeline, image: FloatImage, result: Classification, truth?: number): void {
  const { classNames } = pipeline.manifest;
  paintImage(element<HTMLCanvasElement>('input'), image);
  paintImage(element<HTMLCanvasElement>('sr'), result.sr);
  const evidence = element<HTMLElement>('evidence-panel');
  evidence.hidden = result.evidence === undefined;
  if (result.evidence) {
    paint(element<HTMLCanvasElement>('evidence'), result.evidence.rgba, result.evidence.width, result.evidence.height);
    element('evidence-caption').textContent = `evidence for “${classNames[result.predicted]}”: red supports it, blue speaks against it`;
  }
  renderBars(element('bars'), result, classNames, truth);
  const verdict = truth === undefined ? '' : truth === result.predicted ? ' — correct' : ` — true class: ${classNames[truth]}`;
  element('verdict').textContent = `prediction: ${classNames[result.predicted]} (${(result.probabilities[result.predicted]! * 100).toFixed(1)} %)${verdict}`;
  element('timing').textContent = `inference ${result.milliseconds.toFixed(1)} ms`;
}
