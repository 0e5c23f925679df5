// The text pdf.js (Firefox's PDF viewer) reads from each page of a PDF: one line per page, "page", a tab and the
// strings of its text items as JSON, in the order pdf.js gives them (after its own bidi reordering of each item).
// (pdf.js prints its warnings on standard output too: without its optional canvas it cannot render, only read.)
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const document = await getDocument({ url: process.argv[2], useSystemFonts: false, disableFontFace: true,
  verbosity: 0 }).promise;
for (let number = 1; number <= document.numPages; number++) {
  const content = await (await document.getPage(number)).getTextContent();
  process.stdout.write(`page\t${JSON.stringify(content.items.map((item) => item.str))}\n`);
}
