// Writes the demo fraud model: `write.ts <out.onnx> [--data]`; --data also rewrites tools/data/fraud-reference.csv.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFraudModel } from './fraud-model.ts';
import { REFERENCE_CSV_URL, REFERENCE_ROWS, REFERENCE_SEED, generateReferenceData, toReferenceCsv } from './reference-data.ts';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && a !== '--data');
if (!out || unknown.length > 0) {
  console.error('usage: node --import tsx --conditions=mizan-source tools/src/demo-model/write.ts <out.onnx> [--data]');
  process.exit(2);
}
const modelPath = resolve(out);
const model = buildFraudModel();
mkdirSync(dirname(modelPath), { recursive: true });
writeFileSync(modelPath, model);
console.log(`wrote ${modelPath} (${model.byteLength} bytes)`);
if (args.includes('--data')) {
  const csv = toReferenceCsv(generateReferenceData(REFERENCE_ROWS, REFERENCE_SEED));
  writeFileSync(REFERENCE_CSV_URL, csv);
  console.log(`wrote ${fileURLToPath(REFERENCE_CSV_URL)} (${REFERENCE_ROWS} rows)`);
}
