// Sums the outcomes of every TRX file under a directory and prints "N passed, N failed, N skipped".
// Exit code: 0 when at least one test ran and none failed; 1 otherwise. No dependencies: node only.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "artifacts/test-results";

function trxFiles(root) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(root);
  } catch {
    return found;
  }
  for (const name of entries) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) found = found.concat(trxFiles(path));
    else if (name.endsWith(".trx")) found.push(path);
  }
  return found;
}

let passed = 0, failed = 0, skipped = 0;
const files = trxFiles(dir);
for (const file of files) {
  const xml = readFileSync(file, "utf8");
  // One <UnitTestResult> per executed test case (each theory case included); read its outcome attribute.
  for (const match of xml.matchAll(/<UnitTestResult\b[^>]*?\boutcome="([^"]+)"/g)) {
    const outcome = match[1];
    if (outcome === "Passed") passed++;
    else if (outcome === "NotExecuted" || outcome === "Inconclusive" || outcome === "Pending") skipped++;
    else failed++; // Failed, Error, Timeout, Aborted, ...
  }
  // A run that aborted (crashed test host) may record fewer results than it should: count that as a failure.
  const counters = xml.match(/<ResultSummary\b[^>]*\boutcome="([^"]+)"/);
  if (counters && /Aborted|Error/.test(counters[1]) && !/<UnitTestResult\b[^>]*outcome="Failed"/.test(xml)) failed++;
}

const ok = failed === 0 && passed > 0;
console.error(`(${files.length} TRX file${files.length === 1 ? "" : "s"} under ${dir})`);
if (passed + failed === 0) console.error("no test ran");
// The closing line stays last, so whoever reads the log finds the counts at its end.
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
