"""Scripts and languages (issue 14, first part): capitals per language, no-break spaces kept, and scripts kaartgen
cannot set yet refused by name — never printed as plausible nonsense."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from kaartgen import DataError, check
from kaartgen.cli import main
from kaartgen.layout.linebreak import break_lines
from kaartgen.layout.measure import Measure
from kaartgen.layout.scripts import unsupported_scripts, upper
from kaartgen.layout.shaping import private_use
from kaartgen.model.content import Span, collapse_spaces
from kaartgen.model.edition import EditionName, Options
from kaartgen.model.plan import TextRun
from kaartgen.pipeline.chain import Stage, run_edition
from kaartgen.pipeline.inputs import Inputs
from kaartgen.tools import i18n

from conftest import LAYOUTS, RTL_LAYOUTS, VERIFIED_ON, plan_of

DOC = "signalenkaart"


@pytest.mark.parametrize(("text", "lang", "capitals"), [
    ("ticareti kişinin", "tr", "TİCARETİ KİŞİNİN"),  # dotted i keeps its dot (SpecialCasing.txt, tr and az)
    ("ıslak", "az", "ISLAK"),
    ("Ελληνική γλώσσα", "el", "ΕΛΛΗΝΙΚΗ ΓΛΩΣΣΑ"),  # Greek capitals drop the tonos
    ("προϊόν", "el", "ΠΡΟΪΟΝ"),  # and keep the diaeresis
    ("ijsselland", "nl", "IJSSELLAND"),
    ("straße", "de", "STRASSE"),
    ("ticareti", "en", "TICARETI"),
])
def test_capitals_as_the_language_writes_them(text: str, lang: str, capitals: str) -> None:
    assert upper(text, lang) == capitals


def _translate(workspace: Path, lang: str, texts: dict[str, str]) -> None:
    path = workspace / "content" / DOC / "locales" / f"{lang}.po"
    if not path.exists():
        assert CliRunner().invoke(main, ["i18n", "init", lang, "-w", str(workspace)]).exit_code == 0
    catalog = read_po(io.BytesIO(path.read_bytes()))
    for message in catalog:
        if message.context in texts:
            message.string = texts[message.context]
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())


def _runs(workspace: Path, lang: str, key: str, layout: str = "zfold-a4") -> list[TextRun]:
    inputs = Inputs(workspace)
    name = EditionName(DOC, layout, "testland", lang, "print")
    result, _entry = run_edition(inputs, name, Options(draft=True), until=Stage.PLAN, keep_plan=True)
    assert result.plan is not None, [str(d) for d in result.diagnostics]
    return [item for page in result.plan.pages for item in page.items if isinstance(item, TextRun) and item.key == key]


def test_a_drafts_dutch_fallback_is_dutch_throughout(workspace: Path) -> None:
    """An untranslated text in a Turkish draft shows the Dutch, its month in Dutch too (not "Uitgave Aralık")."""
    _translate(workspace, "tr", {"signals_heading": "Cinsel istismar"})
    printed = "".join(run.text for run in _runs(workspace, "tr", "edition_line"))
    assert "januari 2026" in printed and "Ocak" not in printed


def test_a_turkish_heading_prints_dotted_capital_i(workspace: Path) -> None:
    _translate(workspace, "tr", {"signals_heading": "Cinsel istismar ve fuhuş ticareti"})
    printed = " ".join(run.text for run in _runs(workspace, "tr", "signals_heading"))
    assert "TİCARETİ" in printed and "İSTİSMAR" in printed and "TICARETI" not in printed
    dutch = " ".join(run.text for run in _runs(workspace, "tr", "own_choice_heading"))  # not translated: Dutch
    assert "EIGEN KEUZE" in dutch and "İ" not in dutch


def test_no_break_spaces_survive_loading_and_never_become_a_line_break(workspace: Path) -> None:
    assert collapse_spaces("  Karta\u00a0z \n danymi « oui\u202f» ") == "Karta\u00a0z danymi « oui\u202f»"
    inputs = Inputs(workspace)
    spec = inputs.checked_layout(DOC, "zfold-a4")
    measure = Measure(spec)
    words = "Sygnały wykorzystywania w\u00a0pracy i\u00a0w\u00a0domu oraz z\u00a0dziećmi " * 6
    lines = break_lines([Span(words)], spec.styles["body"], 9.0, 120.0, measure, None, "pl")
    assert len(lines) > 4
    for line in lines:
        text = "".join(piece.text for _x, piece, _w in line.runs)
        assert not text.endswith((" w", " i", " z")) and text.strip()  # a one-letter word stays with the next
    joined = " ".join("".join(p.text for _x, p, _w in line.runs) for line in lines)
    assert joined.count("\u00a0") == words.count("\u00a0")  # every no-break space printed as one
    _translate(workspace, "pl", {"intro": words.strip()})
    printed = "".join(run.text for run in _runs(workspace, "pl", "intro"))
    assert printed.count("\u00a0") == words.count("\u00a0")


@pytest.mark.parametrize(("lang", "sample", "script"), [
    ("syr", "ܐܬܘܬܐ ܕܫܘܥܒܕܐ", "Syriac"),  # machine-made sample text
    ("bn", "যৌন শোষণ এবং জোরপূর্বক পতিতাবৃত্তির লক্ষণ", "Bengali"),  # shaped, but not yet tested with a font
    ("km", "សញ្ញានៃការកេងប្រវ័ញ្ចផ្លូវភេទ", "Khmer"),
])
def test_a_script_kaartgen_cannot_set_is_refused_once_by_name(workspace: Path, lang: str, sample: str,
                                                               script: str) -> None:
    """Even with every glyph present, joined, reordered or unspaced text would print wrong: the build, check and
    i18n status refuse it, once per script, at the first text — not 60 glyph errors."""
    _translate(workspace, lang, {"cover_title": sample, "signals_heading": sample, "intro": sample})
    report = check(workspace, langs=[lang], regions=["testland"], layouts=["zfold-a4"], options=Options(draft=True))
    [result] = report.results
    assert not result.ok
    refused = [d for d in result.diagnostics if d.code == "script"]
    assert len(refused) == 1 and not [d for d in result.diagnostics if d.code == "glyph"]
    assert refused[0].key == "cover_title" and refused[0].file.endswith(f"{lang}.po") and refused[0].line
    assert f"{script} script (in 3 of the texts" in str(refused[0]) and "cannot set yet" in str(refused[0])
    status = i18n.status(workspace, DOC, [lang], ["zfold-a4"])[0]
    assert "cover_title" in status.failing_keys and not status.ok


def test_scripts_that_need_nothing_special_are_not_refused() -> None:
    assert unsupported_scripts("Знаки сексуальной эксплуатации ΕΛΛΗΝΙΚΗ ምልክቶች 징후 Ճանաչում ნიშნები") == {}
    assert unsupported_scripts("性剥削和强迫卖淫的迹象。（中文）ひらがな カタカナ") == {}  # line breaks by UAX #14


CHINESE = {  # machine-made sample text (not a checked translation): it tests the script, not the wording
    "cover_title": "专业人员信号卡",
    "cover_subtitle": "性剥削和（强迫）卖淫",
    "cover_region": "{region.name}地区",
    "intro": "卖淫是一种合法职业，可以有执照也可以没有执照。这一职业容易出现滥用和性剥削，因此发现信号很重要，"
             "与性工作者进行交谈也很重要。（机器翻译的示例文本。）",
    "why_signal": "发现人口贩卖很重要，因为受害者可能需要依靠身边的人才能摆脱剥削。剥削者的强迫或威胁可能非常大，"
                  "以至于受害者需要帮助。此外，受害者并不总是意识到自己处于被剥削的境地。",
    "signals_heading": "性剥削和（强迫）卖淫",
    "signals.no_id_papers": "本人没有自己的护照或身份证",
    "signals.many_phones": "经常接到电话，并拥有多部手机",
    "signals.money": "有很多钱，必须交出很多钱，突然欠下巨额债务",
    "signals.unhealthy": "看起来不健康（疲倦、消瘦、自残、虐待的痕迹）",
    "action_heading": "如何应对（强迫）卖淫",
    "action_dont_avoid": "不要回避关于（强迫）卖淫的谈话！",
    "steps.map_signals": "记录信号。",
    "steps.talk": "如有可能，与受害者交谈。",
    "poster_steps.map_signals": "记录信号。",
    "poster_steps.talk": "如有可能，与受害者交谈。",
    "contacts_heading": "联系方式",
    "contacts.coordinator": "护理协调员：{zorgcoordinator.phone}",
}
CLOSING = set("。，、）」』：；！？％")
OPENING = set("（「『")


def test_chinese_breaks_between_characters_and_never_before_closing_punctuation(workspace: Path) -> None:
    """UAX #14 by ICU: a Chinese line may end after any character but never starts with "。", "，" or "）" and
    never ends with "（"; the same text at many widths."""
    from kaartgen.model.layout import Style

    measure = Measure(Inputs(workspace).layout("zfold-a4"))
    style = Style("body", "regular", 9.0, 1.3, "ink")
    text = CHINESE["intro"] + CHINESE["why_signal"]
    for width in range(40, 240, 7):
        lines = break_lines([Span(text)], style, 9.0, float(width), measure, None, "zh")
        printed = ["".join(piece.text for _x, piece, _w in line.runs) for line in lines]
        assert "".join(printed) == text  # nothing lost, nothing added (no hyphens in Chinese)
        assert len(printed) > 1
        for line in printed[1:]:
            assert line[0] not in CLOSING, (width, line)
        for line in printed[:-1]:
            assert line[-1] not in OPENING, (width, line)
        assert all(line.width <= width + 0.01 for line in lines)


def test_a_chinese_draft_builds_on_every_layout_in_the_layouts_cjk_fallback_font(workspace: Path, tmp_path: Path):
    from pypdf import PdfReader

    from kaartgen import build

    _translate(workspace, "zh_CN", CHINESE)
    title = _runs(workspace, "zh_CN", "cover_title")
    faces = Measure(Inputs(workspace).layout("zfold-a4")).faces
    assert {faces[run.face].path.name for run in title} == {"DroidSansFallbackFull.ttf"}  # one weight: set regular
    report = build(workspace, langs=["zh_CN"], regions=["testland"], options=Options(draft=True), out_dir=tmp_path)
    assert report.ok and len(report.results) == len(LAYOUTS), [str(d) for r in report.results for d in r.diagnostics]
    for result in report.results:
        assert result.path is not None
        text = "".join("".join(page.extract_text().split()) for page in PdfReader(result.path).pages)
        assert CHINESE["cover_title"] in text
        assert "卖淫" in text
        fonts = {str(font.get_object()["/BaseFont"]) for page in PdfReader(result.path).pages
                 for font in page["/Resources"]["/Font"].values()}
        assert any("DroidSansFallback" in name for name in fonts)


@pytest.mark.parametrize("lang", ["pt_BR", "sr@latin", "sr_Latn", "zh_Hans", "zh_CN"])
def test_gettext_and_cldr_locale_names_go_through_init_update_status_and_build(workspace: Path, lang: str) -> None:
    run = CliRunner()
    assert run.invoke(main, ["i18n", "init", lang, "-w", str(workspace)]).exit_code == 0
    path = workspace / "content" / DOC / "locales" / f"{lang}.po"
    assert f'"Language: {lang}\\n"' in path.read_text(encoding="utf-8")  # as given, not Babel's zh_Hans_CN
    assert run.invoke(main, ["i18n", "update", "-w", str(workspace)]).exit_code == 0
    status = run.invoke(main, ["i18n", "status", lang, "-w", str(workspace), "-l", "zfold-a4", "--json"])
    assert '"language": "' + lang + '"' in status.output
    report = check(workspace, langs=[lang], regions=["testland"], layouts=["zfold-a4"], options=Options(draft=True))
    [result] = report.results
    assert result.ok, [str(d) for d in result.diagnostics]  # untranslated, a draft shows Dutch throughout


@pytest.mark.parametrize("bad", ["Deutsch", "sr@", "zh_hans", "pt-BR", "../nl"])
def test_names_that_are_not_locale_names_are_still_refused(workspace: Path, bad: str) -> None:
    result = CliRunner().invoke(main, ["i18n", "init", bad, "-w", str(workspace)])
    assert result.exit_code == 2 and "is not a valid language code" in result.output


def test_two_names_of_one_language_are_flagged_and_a_wrong_language_header_is_refused(workspace: Path) -> None:
    """sr@latin.po beside sr_Latn.po (a translation platform's name beside gettext's) would print Serbian twice:
    status says so for both; a tr.po whose header says `Language: de` (a copied German file) is refused at its
    header line by status and by the build; a name Babel does not know is not offered `i18n init`."""
    run = CliRunner()
    for lang in ("sr@latin", "sr_Latn", "tr"):
        assert run.invoke(main, ["i18n", "init", lang, "-w", str(workspace)]).exit_code == 0
    [latin, latn] = i18n.status(workspace, DOC, ["sr@latin", "sr_Latn"], ["zfold-a4"])
    assert [str(d) for d in latin.problems] == [
        "content/signalenkaart/locales/sr@latin.po: error: 'sr@latin' and 'sr_Latn' name the same language, so "
        "two translations of it are printed (keep one of sr@latin.po and sr_Latn.po; if a translation "
        "platform made the second, tell it which name you use)"]
    assert not latn.ok and "'sr_Latn' and 'sr@latin' name the same language" in str(latn.problems[0])
    [alone] = i18n.status(workspace, DOC, ["sr_Latn"], ["zfold-a4"])
    assert "'sr_Latn' and 'sr@latin' name the same language" in str(alone.problems[0])
    built = check(workspace, langs=["sr@latin"], regions=["testland"], layouts=["zfold-a4"],
                  options=Options(draft=True))
    assert "content/signalenkaart/locales/sr@latin.po: warning: 'sr@latin' and 'sr_Latn' name the same language, " \
           "so two translations of it are printed (keep one of sr@latin.po and sr_Latn.po; if a translation " \
           "platform made the second, tell it which name you use)" in [str(d) for d in built.results[0].diagnostics]
    path = workspace / "content" / DOC / "locales" / "tr.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Language: tr\\n"', '"Language: de\\n"'), encoding="utf-8")
    line = 1 + path.read_text(encoding="utf-8").splitlines().index('"Language: de\\n"')
    said = (f"content/signalenkaart/locales/tr.po:{line}: error: the header says this is language 'de', but the "
            "file is tr.po (write \"Language: tr\\n\" in the header, or rename the file to de.po)")
    [turkish] = i18n.status(workspace, DOC, ["tr"], ["zfold-a4"])
    assert said in [str(d) for d in turkish.problems]
    report = check(workspace, langs=["tr"], regions=["testland"], layouts=["zfold-a4"], options=Options(draft=True))
    assert said in [str(d) for d in report.results[0].diagnostics]
    unknown = run.invoke(main, ["i18n", "status", "qq", "-w", str(workspace)])
    assert unknown.exit_code == 1 and "'qq' is no language Babel knows" in unknown.output
    assert "i18n init qq" not in unknown.output


def test_a_layout_made_for_other_languages_built_by_name_says_so(workspace: Path) -> None:
    _translate(workspace, "tr", {"cover_title": "Profesyoneller için işaret kartı"})
    report = check(workspace, langs=["tr"], regions=["testland"], layouts=["zfold-a4-rtl"],
                   options=Options(draft=True))
    [result] = report.results
    assert result.ok
    assert "layouts/zfold-a4-rtl.yaml: warning: languages: layout 'zfold-a4-rtl' is made for ar, fa, he, ur, not " \
           "for 'tr': built because it was chosen by name (-l or kaartgen.yaml) (leave it out for 'tr', or " \
           "add 'tr' to its 'languages:')" in [str(d) for d in result.diagnostics]


TIGRINYA = {  # machine-made sample text (not a checked translation): it tests the script, not the wording
    "cover_title": "ካርድ ምልክታት ንሞያውያን",
    "signals_heading": "ጾታዊ ምዝመዛን (ብግዲ) ዝሙትን",
    "intro": "እዚ ካርድ ንሞያውያን ምልክታት ጾታዊ ምዝመዛ ንምልላይ ይሕግዝ። (ብማሽን ዝተተርጎመ ናሙና ጽሑፍ።)",
}


def test_tigrinya_is_set_in_the_layouts_ethiopic_fallback_font_on_every_layout(workspace: Path, tmp_path: Path):
    """Ethiopic needs no shaping: with the layouts' fallback font set, a Tigrinya draft builds everywhere, its
    letters in Noto Sans Ethiopic (bold in bold), its punctuation and digits in Noto Sans, and the PDF's text layer
    gives back the logical string."""
    from pypdf import PdfReader

    from kaartgen import build

    _translate(workspace, "ti", TIGRINYA)
    runs = _runs(workspace, "ti", "cover_title")
    assert {run.face for run in runs} == {"bold+1"}  # the title style is bold: the fallback set's bold
    mixed = _runs(workspace, "ti", "signals_heading")
    assert {run.face for run in mixed if "(" in run.text} == {"bold"}  # "(" is Noto Sans's own
    report = build(workspace, langs=["ti"], regions=["testland"], options=Options(draft=True), out_dir=tmp_path)
    assert report.ok and len(report.results) == len(LAYOUTS), [str(d) for r in report.results for d in r.diagnostics]
    for result in report.results:
        assert result.path is not None
        text = "".join(page.extract_text() for page in PdfReader(result.path).pages)
        assert TIGRINYA["cover_title"] in " ".join(text.split())
        fonts = {str(font.get_object()["/BaseFont"]) for page in PdfReader(result.path).pages
                 for font in page["/Resources"]["/Font"].values()}
        assert any("NotoSansEthiopic-Bold" in name for name in fonts)


def test_a_letter_no_font_of_the_layout_has_is_still_a_glyph_error(workspace: Path) -> None:
    _translate(workspace, "ti", {"cover_title": "ካርድ ᚠᚢᚦ"})  # runes: neither Noto Sans nor its Ethiopic fallback
    report = check(workspace, langs=["ti"], regions=["testland"], layouts=["zfold-a4"], options=Options(draft=True))
    glyphs = [d for r in report.results for d in r.diagnostics if d.code == "glyph"]
    assert glyphs and all("U+16A0" in str(d) for d in glyphs) and not any("U+12AB" in str(d) for d in glyphs)


def test_a_fallback_font_set_without_a_regular_face_is_refused_at_its_line(workspace: Path) -> None:
    layout = workspace / "layouts" / "zfold-a4.yaml"
    text = layout.read_text(encoding="utf-8")
    assert "    - {regular: NotoSansEthiopic-Regular.ttf, bold: NotoSansEthiopic-Bold.ttf}" in text
    layout.write_text(text.replace("    - {regular: NotoSansEthiopic-Regular.ttf, bold: NotoSansEthiopic-Bold.ttf}",
                                   "    - {bold: NotoSansEthiopic-Bold.ttf, itallic: x.ttf}"), encoding="utf-8")
    report = check(workspace, layouts=["zfold-a4"], regions=["testland"])
    problems = [str(d) for r in report.results for d in r.diagnostics]
    assert any("fonts.fallback.0.itallic: unknown key" in p for p in problems), problems
    assert any("needs at least its regular face" in p for p in problems), problems


def test_a_script_the_fonts_lack_is_one_problem_in_the_build_and_a_line_per_text_in_status(workspace: Path):
    runic = {"cover_title": "ᚠᚢᚦ ᚨᚱ", "signals_heading": "ᚲᚷᚹ", "intro": "ᚺᚾᛁ ᛃᛇ"}  # no font of the layouts has runes
    _translate(workspace, "ti", runic)
    report = check(workspace, langs=["ti"], regions=["testland"], layouts=["zfold-a4"], options=Options(draft=True))
    glyphs = [d for r in report.results for d in r.diagnostics if d.code == "glyph"]
    assert len(glyphs) == 1, [str(d) for d in glyphs]
    assert "no Runic letters" in str(glyphs[0]) and "used in 3 texts" in str(glyphs[0])
    assert "fonts: fallback:" in glyphs[0].hint and glyphs[0].key == "cover_title"
    status = i18n.status(workspace, DOC, ["ti"], ["zfold-a4"])[0]
    assert sorted(g.key for g in status.glyphs) == sorted(runic)
    assert len({g.diagnostic.line for g in status.glyphs}) == 3  # each at its own PO line


def test_a_line_never_starts_with_closing_punctuation_after_a_hyphen(workspace: Path) -> None:
    """German "(Zwangs-)Prostitution": a break after the hyphen would start the next line with ")"."""
    spec = Inputs(workspace).checked_layout(DOC, "zfold-a4")
    measure = Measure(spec)
    text = "Signale von sexueller Ausbeutung und (Zwangs-)Prostitution erkennen " * 4
    for width in range(60, 200, 7):
        lines = break_lines([Span(text)], spec.styles["body"], 9.0, float(width), measure, None, "de")
        starts = ["".join(piece.text for _x, piece, _w in line.runs)[:1] for line in lines]
        assert ")" not in starts, (width, starts)


SHAPED_SAMPLES = {  # machine-made sample text (not a checked translation): it tests the script, not the wording
    "hi": {"cover_title": "पेशेवरों के लिए संकेत कार्ड",
           "signals_heading": "यौन शोषण और (जबरन) वेश्यावृत्ति",
           "intro": "यह कार्ड पेशेवरों को यौन शोषण के संकेत पहचानने में मदद करता है। (मशीन से अनुवादित नमूना पाठ।)",
           "signals.no_id_papers": "अपना पासपोर्ट या पहचान पत्र उसके पास नहीं है",
           "contacts.coordinator": "देखभाल समन्वयक: {zorgcoordinator.phone}"},
    "th": {"cover_title": "บัตรสัญญาณเตือนสำหรับผู้เชี่ยวชาญ",
           "signals_heading": "การแสวงประโยชน์ทางเพศและการค้าประเวณี (โดยถูกบังคับ)",
           "intro": "บัตรนี้ช่วยให้ผู้เชี่ยวชาญมองเห็นสัญญาณของการแสวงประโยชน์ทางเพศ ที่ไม่มีหนังสือเดินทางของตัวเอง "
                    "(ข้อความตัวอย่างที่แปลด้วยเครื่อง)",
           "signals.no_id_papers": "ไม่มีหนังสือเดินทางหรือบัตรประจำตัวของตัวเอง",
           "contacts.coordinator": "ผู้ประสานงานดูแล: {zorgcoordinator.phone}"},
}


def _harfbuzz(path: Path, text: str) -> list[tuple[int, int]]:
    """HarfBuzz's own glyphs and advances for `text` in the font at `path` (the reference the plan must match)."""
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {"kern": True, "liga": True})
    return [(info.codepoint, pos.x_advance) for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions,
                                                                 strict=True)]


@pytest.mark.parametrize("lang", sorted(SHAPED_SAMPLES))
def test_a_shaped_scripts_glyphs_are_harfbuzzs_and_its_text_layer_is_the_logical_string(workspace: Path,
                                                                                         tmp_path: Path, lang: str):
    """Devanagari (conjuncts, a vowel sign drawn before its consonant) and Thai (stacked marks): every run's glyphs
    in the plan are HarfBuzz's shaping of the same font, its width their advances; the PDF's text layer (the run's
    ActualText) gives back the text in its logical order, on every layout."""
    from kaartgen import build

    _translate(workspace, lang, SHAPED_SAMPLES[lang])
    faces = Measure(Inputs(workspace).layout("zfold-a4")).faces
    runs = _runs(workspace, lang, "intro") + _runs(workspace, lang, "signals_heading")
    shaped = [run for run in runs if run.glyphs]
    assert shaped, runs
    for run in shaped:
        path = faces[run.face].path
        reference = _harfbuzz(path, run.text)
        upem = faces[run.face].upm
        assert [gid for gid, *_ in run.glyphs] == [gid for gid, _ in reference], run.text
        assert sum(advance for _gid, _cluster, advance, _dx, _dy in run.glyphs) == pytest.approx(
            sum(advance for _, advance in reference) * run.size / upem)
        assert run.width == pytest.approx(sum(advance for _gid, _cluster, advance, _dx, _dy in run.glyphs))
    if lang == "hi":  # "कि": the vowel sign i is drawn before the consonant it follows
        assert any(len(run.glyphs) != len(run.text) for run in shaped)
    report = build(workspace, langs=[lang], regions=["testland"], options=Options(draft=True), out_dir=tmp_path)
    assert report.ok and len(report.results) == len(LAYOUTS), [str(d) for r in report.results for d in r.diagnostics]
    for result in report.results:
        assert result.path is not None
        text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True,
                              check=True).stdout
        flat = "".join(text.split())
        for key in ("cover_title", "signals.no_id_papers"):
            assert "".join(SHAPED_SAMPLES[lang][key].split()) in flat, (result.name.layout, key)
        assert not any(private_use(ord(ch)) for ch in text)  # no private-use code point leaks out


def test_thai_breaks_between_words_by_dictionary(workspace: Path) -> None:
    from kaartgen.model.layout import Style

    measure = Measure(Inputs(workspace).layout("zfold-a4"))
    style = Style("body", "regular", 9.0, 1.3, "ink")
    text = SHAPED_SAMPLES["th"]["signals.no_id_papers"] * 3
    words = {"ไม่มี", "หนังสือเดินทาง", "หรือ", "บัตร", "ประจำ", "ตัว", "ของ", "ตัวเอง"}  # as ICU splits them
    for width in (60.0, 90.0, 120.0):
        lines = break_lines([Span(text)], style, 9.0, width, measure, None, "th")
        printed = ["".join(piece.text for _x, piece, _w in line.runs) for line in lines]
        assert "".join(printed) == text and len(printed) > 1
        for line in printed[:-1]:  # every line ends at the end of a word
            assert any(line.endswith(word) for word in words), (width, line)


RIGHT_TO_LEFT = {  # machine-made sample text (not a checked translation): it tests the script, not the wording
    "ar": {"cover_title": "بطاقة الإشارات للمهنيين",
           "signals_heading": "الاستغلال الجنسي والدعارة (القسرية)",
           "intro": "تساعد هذه البطاقة المهنيين على التعرف على علامات الاستغلال الجنسي. (نص تجريبي مترجم آليًا.)",
           "signals.no_id_papers": "لا يحمل جواز سفره أو بطاقة هويته",
           "signals.many_phones": "يتلقى مكالمات كثيرة ولديه عدة هواتف",
           "contacts.coordinator": "منسق الرعاية: {zorgcoordinator.phone}",
           "chat_open": "الدردشة مفتوحة 24 ساعة"},
    "he": {"cover_title": "כרטיס סימנים לאנשי מקצוע",
           "signals_heading": "ניצול מיני וזנות (כפויה)",
           "intro": "כרטיס זה עוזר לאנשי מקצוע לזהות סימנים של ניצול מיני. (טקסט לדוגמה בתרגום מכונה.)",
           "signals.no_id_papers": "אין ברשותו דרכון או תעודת זהות משלו",
           "signals.many_phones": "מקבל שיחות רבות ויש לו כמה טלפונים",
           "contacts.coordinator": "מתאם טיפול: {zorgcoordinator.phone}",
           "chat_open": "השיחה פתוחה 24 שעות"},
}


def _drawn_as_written(run: TextRun, path: Path) -> bool:
    """Whether a run's glyphs are its characters' own, one each, left to right at no offset: the renderer draws
    it as its characters (kerned), in the order written."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap()
        own = [font.getGlyphID(cmap[ord(char)]) for char in run.text]
    return ([(gid, cluster) for gid, cluster, _advance, dx, dy in run.glyphs if not dx and not dy]
            == list(zip(own, range(len(run.text)), strict=True)))


def _harfbuzz_rtl(path: Path, text: str, rtl: bool) -> list[int]:
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    hb.shape(font, buffer, {"kern": True, "liga": True})
    return [info.codepoint for info in buffer.glyph_infos]


@pytest.mark.parametrize("lang", sorted(RIGHT_TO_LEFT))
def test_right_to_left_text_is_shaped_ordered_and_set_from_the_right(workspace: Path, tmp_path: Path, lang: str):
    """Arabic and Hebrew: every run's glyphs are HarfBuzz's right-to-left shaping of the same font; the words of a
    line stand right to left with the digits in it left to right; the lines end at the panel's right
    edge and the bullets stand there; the PDF's text layer gives back the logical string, on every layout."""
    from kaartgen import build

    _translate(workspace, lang, RIGHT_TO_LEFT[lang])
    spec = Inputs(workspace).layout("zfold-a4")
    faces = Measure(spec).faces
    for key in ("intro", "signals_heading", "signals.no_id_papers"):
        for run in _runs(workspace, lang, key):
            if any("\u0590" <= ch <= "\u08ff" for ch in run.text):
                assert run.glyphs, run.text
                assert [gid for gid, *_ in run.glyphs] == _harfbuzz_rtl(faces[run.face].path, run.text, True)
    chat = _runs(workspace, lang, "chat_open")
    number = next(run for run in chat if run.text.strip() == "24")
    words = [run for run in chat if run is not number]
    assert _drawn_as_written(number, faces[number.face].path)  # digits left to right, as they are
    first, last = RIGHT_TO_LEFT[lang]["chat_open"].split()[0], RIGHT_TO_LEFT[lang]["chat_open"].split()[-1]
    right_of_number = [run for run in words if run.x > number.x]
    left_of_number = [run for run in words if run.x < number.x]
    assert any(first in run.text for run in right_of_number), [(r.x, r.text) for r in chat]  # read first: right
    assert any(last in run.text for run in left_of_number), [(r.x, r.text) for r in chat]
    panel = spec.panels["contact"].safe
    assert max(run.x + run.width for run in chat) == pytest.approx(panel.right, abs=0.5)
    bullets = [run for run in _runs(workspace, lang, "signals.no_id_papers") if run.tag == "Lbl"]
    items = [run for run in _runs(workspace, lang, "signals.no_id_papers") if run.tag != "Lbl"]
    assert bullets and min(b.x for b in bullets) > max(run.x for run in items)  # the bullet on the right
    report = build(workspace, langs=[lang], regions=["testland"], options=Options(draft=True), out_dir=tmp_path)
    assert report.ok and len(report.results) == len(LAYOUTS) + len(RTL_LAYOUTS), [  # and the mirrored z-fold
        str(d) for r in report.results for d in r.diagnostics]
    for result in report.results:
        assert result.path is not None
        text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True,
                              check=True).stdout
        for key in ("cover_title", "signals.no_id_papers"):
            for word in RIGHT_TO_LEFT[lang][key].split():
                assert word in text, (result.name.layout, key, word)  # each word in its logical order
        assert not any(private_use(ord(ch)) for ch in text)


RIGHT_TO_LEFT_FILLER = {"ar": "تساعد هذه البطاقة المهنيين", "he": "כרטיס זה עוזר לאנשי מקצוע"}  # (machine-made)


def _translate_throughout(workspace: Path, lang: str) -> None:
    """Every message of the card in `lang`: the samples of RIGHT_TO_LEFT, a filler sentence (with the message's
    placeholders) for the rest, as in a finished translation (poppler orders a page's lines by the direction most
    of its letters have: a draft's Dutch fallback would make the page left to right)."""
    path = workspace / "content" / DOC / "locales" / f"{lang}.po"
    assert CliRunner().invoke(main, ["i18n", "init", lang, "-w", str(workspace)]).exit_code == 0
    catalog = read_po(io.BytesIO(path.read_bytes()))
    for message in catalog:
        if message.id:
            placeholders = " ".join(re.findall(r"\{[^}]+\}", str(message.id)))
            message.string = RIGHT_TO_LEFT[lang].get(str(message.context),
                                                     f"{RIGHT_TO_LEFT_FILLER[lang]} {placeholders}".strip())
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())


EMBEDDINGS = dict.fromkeys(range(0x202A, 0x202F))  # the LRE/RLE/PDF marks pdftotext puts around directions


@pytest.mark.parametrize("lang", sorted(RIGHT_TO_LEFT))
def test_brackets_from_another_font_extract_at_the_ends_of_their_words(workspace: Path, tmp_path: Path, lang: str):
    """The Arabic and Hebrew fonts have no brackets: "(القسرية)" at the end of a heading is set in runs of two fonts.
    A run of brackets is set right to left like the words around it (`TextRun.rtl`, though it has no Arabic
    letter) and its text given in visual order like theirs, so pdftotext gives the heading as written, print and
    screen (with the brackets' text in logical order it gave "والدعارة( القسرية)")."""
    from kaartgen import build

    _translate_throughout(workspace, lang)
    heading = RIGHT_TO_LEFT[lang]["signals_heading"]
    runs = [run for run in _runs(workspace, lang, "signals_heading") if run.text.strip()]
    assert len({run.y for run in runs}) == 1 and len({run.face for run in runs}) == 2 and all(r.rtl for r in runs)
    assert "".join(run.text[::-1] for run in sorted(runs, key=lambda run: run.x)) == heading[::-1]  # visual order
    report = build(workspace, langs=[lang], regions=["testland"], layouts=["zfold-a4"], editions=["print", "screen"],
                   options=Options(draft=True), out_dir=tmp_path)
    assert report.ok and len(report.results) == 2, [str(d) for r in report.results for d in r.diagnostics]
    for result in report.results:
        assert result.path is not None
        text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True,
                              check=True).stdout.translate(EMBEDDINGS)
        assert heading in text.splitlines(), (result.name.edition, [line for line in text.splitlines()
                                                                    if heading.split()[0] in line])


PDFJS = Path(__file__).resolve().parent / "browser" / "node_modules" / "pdfjs-dist"


def _pdfjs_text(path: Path) -> list[list[str]]:
    """The strings of the text items pdf.js (Firefox's PDF viewer) reads from each page (tests/browser/pdf_text.mjs);
    pdf.js ignores ActualText: it reads each glyph's ToUnicode entry and puts a right-to-left item in logical order."""
    import json
    import os
    import shutil

    node = shutil.which("node")
    if node is None or not PDFJS.exists():
        if os.environ.get("CI"):
            pytest.fail("node or pdfjs-dist missing: .ci/run installs them (apt-get nodejs, npm ci)")
        pytest.skip("pdf.js not installed (npm ci --prefix tests/browser)")
    found = subprocess.run([node, str(PDFJS.parents[1] / "pdf_text.mjs"), str(path)], capture_output=True, text=True,
                           check=True, cwd=PDFJS.parents[1]).stdout
    return [json.loads(line.split("\t", 1)[1]) for line in found.splitlines() if line.startswith("page\t")]


@pytest.mark.parametrize("lang", sorted(RIGHT_TO_LEFT))
def test_pdfjs_reads_right_to_left_words_with_their_ligatures_in_logical_order(workspace: Path, tmp_path: Path,
                                                                              lang: str) -> None:
    """pdf.js reads a right-to-left run from its glyphs' ToUnicode entries and reverses it: a ligature's entry (the
    Arabic lam-alef of "الاستغلال") is its letters in visual order, like the run, so the reversal gives them back in
    the order written (pdf.js read "االستغالل" when the entry was in logical order)."""
    from kaartgen import build

    _translate_throughout(workspace, lang)
    report = build(workspace, langs=[lang], regions=["testland"], layouts=["zfold-a4"], editions=["print", "screen"],
                   options=Options(draft=True), out_dir=tmp_path)
    assert report.ok, [str(d) for r in report.results for d in r.diagnostics]
    for result in report.results:
        assert result.path is not None
        items = [item for page in _pdfjs_text(result.path) for item in page]
        words = {word for item in items for word in item.split()}
        for key in ("cover_title", "signals.no_id_papers", "signals.many_phones"):
            for word in RIGHT_TO_LEFT[lang][key].split():
                assert word in words, (result.name.edition, key, word)
        assert not any(private_use(ord(char)) for item in items for char in item)
        if lang == "ar":
            assert "الاستغلال" in words and "االستغالل" not in words


@pytest.mark.parametrize("lang", sorted(SHAPED_SAMPLES))
def test_readers_that_ignore_actualtext_get_letters_of_shaped_scripts(workspace: Path, tmp_path: Path,
                                                                     lang: str) -> None:
    """pdf.js and pypdf read each glyph's ToUnicode entry, not the run's ActualText. Every glyph gives letters: a
    glyph that is a letter's own or a part of it (Thai "ำ" is drawn as the glyphs of "ํ" and "า") is drawn through
    that letter, the first other glyph of a cluster through a code point whose entry is the cluster's remaining
    letters, further ones as nothing — no private-use character, and Thai comes out as written (up to
    compatibility decomposition); Devanagari's vowel signs stand where they are drawn (only ActualText can give
    the order written)."""
    import unicodedata

    from pypdf import PdfReader

    from kaartgen import build

    _translate(workspace, lang, SHAPED_SAMPLES[lang])
    report = build(workspace, langs=[lang], regions=["testland"], layouts=["zfold-a4"],
                   options=Options(draft=True, record=False), out_dir=tmp_path)
    [result] = report.results
    assert result.path is not None, [str(d) for d in result.diagnostics]
    pdfjs = "".join(item for page in _pdfjs_text(result.path) for item in page)
    pypdf = "".join(page.extract_text() for page in PdfReader(result.path).pages)
    for text in (pdfjs, pypdf):
        assert not any(private_use(ord(char)) for char in text)
    if lang == "th":
        for key in ("cover_title", "signals.no_id_papers"):
            written = unicodedata.normalize("NFKD", SHAPED_SAMPLES[lang][key])
            assert written in unicodedata.normalize("NFKD", pdfjs), key
            assert written in unicodedata.normalize("NFKD", "".join(pypdf.split("\n"))), key


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_arabic_after_a_contacts_number_is_in_the_arabic_font_and_set_right_to_left(workspace: Path, tmp_path: Path,
                                                                                   lang: str) -> None:
    """The part of a contact line that stands right (its number, and what follows it) is set like any other text:
    each letter in a font that has it (it was left in the bold Latin face: boxes, and no diagnostic) and its
    runs in visual order, each shaped in its own direction (it was shaped right to left but said to be left to
    right, so its text layer spelt the word backwards)."""
    from kaartgen import build

    texts = {**RIGHT_TO_LEFT["ar"], "contacts.coordinator": "منسق الرعاية: {zorgcoordinator.phone} مجاناً"} \
        if lang == "ar" else {"contacts.coordinator": "Care coordinator: {zorgcoordinator.phone} مجاناً"}
    _translate(workspace, lang, texts)
    faces = Measure(Inputs(workspace).layout("zfold-a4")).faces
    free = [run for run in _runs(workspace, lang, "contacts.coordinator") if "مجاناً" in run.text]
    assert free, [run.text for run in _runs(workspace, lang, "contacts.coordinator")]
    for run in free:
        assert run.rtl and "Arabic" in faces[run.face].path.name
        assert [gid for gid, *_ in run.glyphs] == _harfbuzz_rtl(faces[run.face].path, run.text, True)
    report = build(workspace, langs=[lang], regions=["testland"], layouts=["zfold-a4"],
                   options=Options(draft=True, record=False), out_dir=tmp_path)
    [result] = report.results
    assert result.path is not None, [str(d) for d in result.diagnostics]
    text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True, check=True).stdout
    assert "مجانا" in text and "0800-0000" in text  # (poppler puts a mark ending a run apart: "ًمجانا")


def test_a_hebrew_value_in_a_hebrew_line_is_set_right_to_left(workspace: Path, tmp_path: Path) -> None:
    """A region's value reads as one whole in its own direction (its first strong letter's): the month of a Hebrew
    edition line, "ינואר", is set right to left (it was isolated as left-to-right letters and printed "ראוני")."""
    from kaartgen import build

    _translate(workspace, "he", {**RIGHT_TO_LEFT["he"], "edition_line": "מהדורה {edition.month} · אזור {region.name}"})
    runs = _runs(workspace, "he", "edition_line")
    month = [run for run in runs if "ינואר" in run.text]
    assert month and all(run.rtl for run in month), [(run.text, run.rtl) for run in runs]
    faces = Measure(Inputs(workspace).layout("zfold-a4")).faces
    for run in month:
        assert [gid for gid, *_ in run.glyphs] == _harfbuzz_rtl(faces[run.face].path, run.text, True)
    testland = next(run for run in runs if "Testland" in run.text)
    assert not testland.rtl and _drawn_as_written(testland, faces[testland.face].path)  # a Dutch name: left to right
    report = build(workspace, langs=["he"], regions=["testland"], layouts=["zfold-a4"],
                   options=Options(draft=True, record=False), out_dir=tmp_path)
    [result] = report.results
    assert result.path is not None, [str(d) for d in result.diagnostics]
    text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True, check=True).stdout
    assert "ינואר" in text and "ראוני" not in text


def test_a_right_to_left_web_page_says_so(workspace: Path, tmp_path: Path):
    from kaartgen import build

    _translate(workspace, "ar", RIGHT_TO_LEFT["ar"])
    report = build(workspace, langs=["ar"], regions=["testland"], editions=["html"], options=Options(draft=True),
                   out_dir=tmp_path)
    [result] = report.results
    assert result.path is not None
    page = result.path.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page and RIGHT_TO_LEFT["ar"]["cover_title"] in page
    assert 'lang="nl" dir="ltr"' in page  # a draft's Dutch fallback keeps its own direction
    # a region's value is isolated, as in the PDF: a name reads whole, the words around it keep their order
    assert "<bdi>Veilig Thuis</bdi>" in page and '<bdi><a class="tel" href="tel:+318000000" dir="ltr">0800-0000</a>' \
        '</bdi>' in page


@pytest.mark.parametrize(("lang", "texts"), [("zh_CN", CHINESE), ("ti", TIGRINYA)])
def test_scripts_drawn_one_glyph_per_character_are_what_harfbuzz_would_draw(workspace: Path, lang: str, texts):
    """Chinese and Tigrinya come out of HarfBuzz one glyph per character, each the font's own for its character
    (so they are drawn as their characters): the plan's glyphs are HarfBuzz's, and those of the character map."""
    from fontTools.ttLib import TTFont

    _translate(workspace, lang, texts)
    faces = Measure(Inputs(workspace).layout("zfold-a4")).faces
    checked = 0
    for key in ("cover_title", "intro"):
        for run in _runs(workspace, lang, key):
            path = faces[run.face].path
            if path.name.startswith("NotoSans-"):
                continue  # Noto Sans's own (Latin punctuation, digits)
            with TTFont(path, lazy=True) as font:
                cmap = font.getBestCmap()
                by_cmap = [font.getGlyphID(cmap[ord(char)]) for char in run.text if ord(char) in cmap]
            shaped = [gid for gid, _advance in _harfbuzz(path, run.text)]
            assert [gid for gid, *_ in run.glyphs] == shaped == by_cmap, run.text
            assert _drawn_as_written(run, path)
            checked += 1
    assert checked


@pytest.mark.parametrize("text", [
    "الاستغلال الجنسي والدعارة (القسرية)",
    "اتصل بـ (Politie (AVIM)) الآن",
    "ניצול מיני וזנות (כפויה) [ראו: עמוד 2]",
    "کارت نشانه\u200cها برای متخصصان",  # Persian, with a zero-width non-joiner
    "נא לפנות ל-Veilig Thuis (24/7) עכשיו.",
])
def test_a_right_to_left_line_is_in_the_bidi_algorithms_visual_order(text: str) -> None:
    """kaartgen's runs, in its visual order (each right-to-left run reversed, as HarfBuzz draws it — which also
    mirrors its brackets' glyphs), spell exactly what python-bidi's full algorithm displays, brackets (rule N0)
    included."""
    from bidi import get_display

    from kaartgen.layout.bidi import visual_runs
    from kaartgen.layout.linebreak import Line, Piece

    line = Line([(0.0, Piece(text, "regular", None), 100.0)], 100.0, 9.0, 12.0, "ink")
    runs = visual_runs(line, True, lambda run_text, face: float(len(run_text)))
    shown = "".join(run.piece.text[::-1] if run.rtl else run.piece.text for run in runs)
    assert shown == get_display(text, base_dir="R")


def _visual(pieces: list[tuple[str, str | None, str | None]]) -> str:
    """A right-to-left line of (text, link, placeholder) pieces as kaartgen orders it, each right-to-left run
    reversed (as HarfBuzz draws it), spelt left to right."""
    from kaartgen.layout.bidi import visual_runs
    from kaartgen.layout.linebreak import Line, Piece, _value_directions

    runs, x = [], 0.0
    directions = _value_directions([Span(text, link=link, placeholder=value) for text, link, value in pieces])
    for (text, link, value), value_rtl in zip(pieces, directions, strict=True):
        runs.append((x, Piece(text, "regular", link, value, value_rtl), float(len(text))))
        x += len(text)
    line = Line(runs, x, 9.0, 12.0, "ink")
    return "".join(run.piece.text[::-1] if run.rtl else run.piece.text
                   for run in visual_runs(line, True, lambda run_text, face: float(len(run_text))))


@pytest.mark.parametrize(("pieces", "visual"), [
    # a list of contacts with Arabic labels: each label with its colon, a space, then its number (the colon was cut
    # from its label, the space lost, and the "23" of the next label pulled over to the number before it)
    ([("تشاور مع المنسق (", None, None), ("أقل من 23 سنة: ", None, "zc.phone"),
      ("0800-0000", "tel:08000000", "zc.phone"), ("؛ ", None, None), ("23 سنة فأكثر: ", None, "zc.phone"),
      ("0800-0001", "tel:08000001", "zc.phone"), (").", None, None)],
     ".)0800-0001 :رثكأف ةنس 23 ؛0800-0000 :ةنس 23 نم لقأ( قسنملا عم رواشت"),
    # a Dutch label (a draft's) reads left to right with its number; the words joining the contacts ("أو", "; ")
    # are the sentence's, right to left between them (the list was one left-to-right whole, its Arabic inside out)
    ([("استشر المنسق (", None, None), ("tot 23 jaar: ", None, "zc.phone"), ("0800-0000", "tel:08000000", "zc.phone"),
      (" أو ", None, None), ("088-0000000", "tel:0880000000", "zc.phone"), ("; ", None, None),
      ("23 سنة فأكثر: ", None, "zc.phone"), ("0800-0001", "tel:08000001", "zc.phone"), (").", None, None)],
     ".)0800-0001 :رثكأف ةنس 23 ;088-0000000 وأ tot 23 jaar: 0800-0000( قسنملا رشتسا"),
    # a Dutch name reads left to right whole, a number with a space is never turned round ("11414026 06")
    ([("اتصل بـ ", None, None), ("Veilig Thuis Voorbeeldland", None, "vt.name"), (" (", None, None),
      ("06 11414026", "tel:0611414026", "vt.phone"), (") الآن.", None, None)],
     ".نآلا )06 11414026( Veilig Thuis Voorbeeldland ـب لصتا"),
    # an Arabic region note ends in its full stop at the left, after the number (it was put at the right)
    ([("في حالة الخطر المباشر: اتصل دائما بالرقم 112.", None, "region.note")],
     ".112 مقرلاب امئاد لصتا :رشابملا رطخلا ةلاح يف"),
])
def test_a_region_value_in_a_right_to_left_line_is_an_isolate_in_its_own_direction(pieces, visual: str) -> None:
    assert _visual(pieces) == visual


def test_a_value_broken_over_lines_keeps_the_whole_values_direction() -> None:
    """"الشرطة AVIM مكتب" (an Arabic name, a test one) broken after its first word: the next line holds "AVIM مكتب",
    whose own first strong letter is Latin; it is still set right to left, as the whole name reads (a first-strong
    isolate per line set it left to right: "AVIM بتكم")."""
    from kaartgen.layout.bidi import visual_runs
    from kaartgen.layout.linebreak import Line, Piece

    tail = Piece("AVIM مكتب", "regular", None, "politie.name", True)
    line = Line([(0.0, tail, 9.0), (10.0, Piece("الآن", "regular", None), 4.0)], 14.0, 9.0, 12.0, "ink")
    runs = visual_runs(line, True, lambda run_text, face: float(len(run_text)))
    assert "".join(run.piece.text[::-1] if run.rtl else run.piece.text for run in runs) == "نآلا بتكم AVIM"


def test_a_line_keeps_the_edges_of_every_region_value(workspace: Path) -> None:
    """The line breaker joins pieces of one face into one run, but never across the edge of a region's value: a
    value joined to the words around it (or two values joined) lost being a value, and right-to-left text set it
    in the wrong order."""
    measure = Measure(Inputs(workspace).layout("zfold-a4"))
    from kaartgen.model.layout import Style

    spans = [Span("تشاور مع "), Span("Veilig Thuis Testland", placeholder="veilig_thuis.name"), Span(" ("),
             Span("0800-2000", link="tel:08002000", placeholder="veilig_thuis.phone"), Span(") أو "),
             Span("أقل من 23 سنة: ", placeholder="zorgcoordinator.phone"),
             Span("0800-0000", link="tel:08000000", placeholder="zorgcoordinator.phone"), Span(").")]
    lines = break_lines(spans, Style("body", "regular", 9.0, 1.3, "ink"), 9.0, 400.0, measure, None, "ar")
    pieces = [piece for line in lines for _x, piece, _w in line.runs]
    by_value: dict[str | None, str] = {}
    for piece in pieces:
        by_value[piece.value] = by_value.get(piece.value, "") + piece.text
    assert {value: text.replace(" ", "") for value, text in by_value.items()} == {
        None: "تشاورمع()أو).", "veilig_thuis.name": "VeiligThuisTestland", "veilig_thuis.phone": "0800-2000",
        "zorgcoordinator.phone": "أقلمن23سنة:0800-0000"}


TESTLAND_HALF_IN_ARABIC = f"""\
region: {{name: Testland}}
contacts:
  zorgcoordinator:
    - label: {{nl: tot 23 jaar}}
      organisation: Jeugdpunt Testland
      phone: 0800-0000
      verified: {{on: {VERIFIED_ON}, by: Test Verifier}}
    - label: {{nl: 23 jaar en ouder, ar: 23 سنة فأكثر}}
      organisation: Zorgpunt Testland
      phone: 0800-0001
      verified: {{on: {VERIFIED_ON}, by: Test Verifier}}
note: {{nl: "Testland: bel bij twijfel."}}
"""


def test_a_draft_sentence_with_a_dutch_label_stays_an_arabic_sentence_and_only_it_is_marked(workspace: Path):
    """An Arabic draft whose region has a label and a note without Arabic: the sentence naming the labelled
    contacts is still Arabic, set right to left (it was set left to right as Dutch), and marked [NL]; a sentence
    naming only a phone number is not marked (the Dutch note marked every sentence with a number); the note,
    a region text and nothing else, is Dutch throughout."""
    (workspace / "content" / "regions" / "testland.yaml").write_text(TESTLAND_HALF_IN_ARABIC, encoding="utf-8")
    weigh = "قيّم الخطر. استشر {veilig_thuis.name} ({veilig_thuis.phone}) أو منسق الرعاية ({zorgcoordinator.phone})."
    consult = "استشر زميلا أو {veilig_thuis.name} أو {politie.name} {politie.phone} ({politie.unit})."
    _translate(workspace, "ar", {**RIGHT_TO_LEFT["ar"], "steps.weigh": weigh, "regional_note": "{region.note}",
                                 "steps.consult": consult})
    inputs = Inputs(workspace)
    result, _entry = run_edition(inputs, EditionName(DOC, "zfold-a4", "testland", "ar", "print"),
                                 Options(draft=True), until=Stage.PLAN, keep_plan=True)
    assert result.plan is not None, [str(d) for d in result.diagnostics]
    runs = [item for page in result.plan.pages for item in page.items if isinstance(item, TextRun)]
    weighed = [run for run in runs if run.key == "steps.weigh"]
    assert any(run.text.strip() == "NL" for run in weighed)
    arabic = [run for run in weighed if any("\u0600" <= char <= "\u06ff" for char in run.text)]
    assert arabic and all(run.rtl for run in arabic), [(run.text, run.rtl) for run in weighed]
    assert not any(run.text.strip() in ("NL", "[NL]") for run in runs if run.key == "steps.consult")
    note = [run for run in runs if run.key == "regional_note"]
    assert "".join(run.text for run in note).startswith("[NL]") and not any(run.rtl for run in note)
    warned = [str(d) for d in result.diagnostics if "this draft shows the Dutch" in d.message]
    assert len(warned) == 2 and any("'tot 23 jaar'" in line for line in warned), warned
    from kaartgen.layout.texts import resolve

    texts = resolve(inputs.source(DOC), inputs.region("testland"), inputs.translation(DOC, "ar").texts, "ar")
    [weighed_text] = texts.blocks["steps"].chosen(("weigh",)).texts
    parts = [(span.text, span.placeholder) for span in weighed_text.spans if span.placeholder != "veilig_thuis.phone"]
    assert ("\u061b ", None) in parts  # the words joining the contacts are the sentence's ("؛"), the labels the
    # region's (a number kept with its word by a no-break space)
    assert ("tot 23\u00a0jaar: ", "zorgcoordinator.phone") in parts and ("0800-0001", "zorgcoordinator.phone") in parts


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_a_dutch_label_in_a_right_to_left_contact_line_reads_whole(workspace: Path, lang: str) -> None:
    """A draft's contact line "منسق الرعاية (23 jaar en ouder): 0800-0001": the label that says whose number it is
    is the region's text, set whole in its own direction (it came out "(jaar en ouder 23)")."""
    (workspace / "content" / "regions" / "testland.yaml").write_text(
        TESTLAND_HALF_IN_ARABIC.replace("{nl: 23 jaar en ouder, ar: 23 سنة فأكثر}", "{nl: 23 jaar en ouder}"),
        encoding="utf-8")
    _translate(workspace, lang, {**RIGHT_TO_LEFT[lang], "contacts.coordinator": {
        "ar": "منسق الرعاية: {zorgcoordinator.phone}", "he": "רכז הטיפול: {zorgcoordinator.phone}"}[lang]})
    runs = _runs(workspace, lang, "contacts.coordinator", layout="zfold-a4-rtl")
    older = [run for run in runs if "jaar en ouder" in run.text]
    assert [(run.text, run.rtl) for run in older] == [("23\u00a0jaar en ouder", False)], [r.text for r in runs]
    line = sorted((run for run in runs if run.y == older[0].y), key=lambda run: run.x)
    shown = [run.text for run in line]
    assert shown.index(")") + 1 == shown.index("23\u00a0jaar en ouder") == shown.index(" (") - 1  # "(label)"


def test_an_arabic_name_on_a_dutch_card_is_set_the_same_way_in_every_text(workspace: Path) -> None:
    """An Arabic name with digits ("فيليخ تاوس 24/7", a test name) on a Dutch card reads as one right-to-left whole
    wherever it stands: "24/7" at its left in every step and contact line (two steps set it at the right, joined
    to the Dutch words around it, while the contacts block set it at the left)."""
    region = workspace / "content" / "regions" / "testland.yaml"
    region.write_text(region.read_text(encoding="utf-8") + "veilig_thuis:\n  name: فيليخ تاوس 24/7\n",
                      encoding="utf-8")
    result, _entry = run_edition(Inputs(workspace), EditionName(DOC, "zfold-a4", "testland", "nl", "print"),
                                 Options(draft=True), until=Stage.PLAN, keep_plan=True)
    assert result.plan is not None, [str(d) for d in result.diagnostics]
    runs = [item for page in result.plan.pages for item in page.items if isinstance(item, TextRun)]
    lines: dict[tuple[str, float], list[TextRun]] = {}
    for run in runs:
        lines.setdefault((run.key, run.y), []).append(run)
    checked = 0
    for line in lines.values():
        if any("تاوس" in run.text for run in line) and any(run.text.strip() == "24/7" for run in line):
            arabic = next(run for run in line if "تاوس" in run.text)
            digits = next(run for run in line if run.text.strip() == "24/7")
            assert digits.x < arabic.x, [(run.text, run.x) for run in sorted(line, key=lambda r: r.x)]
            checked += 1
    assert checked >= 3  # (steps 2, 4 and 5, and the contacts list)


def test_a_phone_number_in_an_arabic_sentence_reads_left_to_right_whole(workspace: Path) -> None:
    weigh = ("قيّم ما إذا كان هناك خطر دائم أو حاد. استشر {veilig_thuis.name} ({veilig_thuis.phone}) أو منسق "
             "الرعاية ({zorgcoordinator.phone}).")
    _translate(workspace, "ar", {**RIGHT_TO_LEFT["ar"], "steps.weigh": weigh})
    runs = _runs(workspace, "ar", "steps.weigh")
    numbers = [run for run in runs if run.link and run.link.startswith("tel:")]
    assert sorted(run.text for run in numbers) == ["0800-0000", "0800-2000"]  # (testland's zorgcoördinator)
    faces = Measure(Inputs(workspace).layout("zfold-a4")).faces
    for number in numbers:
        assert _drawn_as_written(number, faces[number.face].path)  # "0800-2000", never "2000-0800"


def test_a_word_too_long_for_a_line_is_cut_between_letters_never_inside_one(workspace: Path) -> None:
    from kaartgen.model.layout import Style

    measure = Measure(Inputs(workspace).layout("zfold-a4"))
    style = Style("heading", "bold", 18.0, 1.2, "ink")
    word = "प्रतिनिधित्वकर्ताओं"
    lines = break_lines([Span(word)], style, 18.0, 104.0, measure, None, "hi")
    parts = ["".join(piece.text for _x, piece, _w in line.runs) for line in lines]
    assert "".join(parts) == word and len(parts) > 1
    for part in parts[1:]:
        assert not unicodedata.category(part[0]).startswith("M") and part[0] != "\u094d", parts  # no orphan mark


def test_the_mirrored_z_fold_is_built_for_right_to_left_languages_only(workspace: Path) -> None:
    """A layout made for some languages (`languages:`) joins 'all' for those only; named with -l it is built as
    asked. The mirrored z-fold has its cover on the outside's left, and signals-1 (behind it) on the inside's right."""
    from kaartgen.pipeline.select import select_editions

    _translate(workspace, "ar", RIGHT_TO_LEFT["ar"])
    inputs = Inputs(workspace)
    chosen = select_editions(inputs, langs=["nl", "ar"], regions=["testland"], draft=True)
    assert {(e.layout, e.lang) for e in chosen if e.layout == "zfold-a4-rtl"} == {("zfold-a4-rtl", "ar")}
    assert ("zfold-a4", "nl") in {(e.layout, e.lang) for e in chosen}
    named = select_editions(inputs, layouts=["zfold-a4-rtl"], langs=["nl"], regions=["testland"])
    assert [e.layout for e in named] == ["zfold-a4-rtl"]
    spec = inputs.layout("zfold-a4-rtl")
    plain = inputs.layout("zfold-a4")
    assert spec.panels["cover"].rect.x == 0 and plain.panels["cover"].rect.x > 0
    assert spec.panels["signals-1"].rect.x > spec.panels["action"].rect.x
    assert [flow.panels for flow in spec.flows] == [flow.panels for flow in plain.flows]  # the same flows


def test_a_layouts_languages_must_be_language_codes(workspace: Path) -> None:
    path = workspace / "layouts" / "zfold-a4-rtl.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("languages: [ar, fa, he, ur]",
                                                             "languages: [ar, Arabisch]"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        Inputs(workspace).layout("zfold-a4-rtl")
    assert [f"{d.key}: {d.message} ({d.hint})" for d in info.value.diagnostics] == [
        "languages.1: 'Arabisch' is not a language code (write a locale name such as 'ar', 'he' or 'pt_BR')"]


def test_a_layout_named_in_the_workspace_settings_is_built_as_named(workspace: Path) -> None:
    from kaartgen.pipeline.select import select_editions

    settings = workspace / "kaartgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("layouts: all", "layouts: [zfold-a4-rtl]"),
                        encoding="utf-8")
    chosen = select_editions(Inputs(workspace), regions=["testland"])
    assert [(e.layout, e.lang) for e in chosen] == [("zfold-a4-rtl", "nl")]


def test_in_a_right_to_left_draft_the_qr_code_stands_on_its_labels_side(workspace: Path) -> None:
    _translate(workspace, "ar", RIGHT_TO_LEFT["ar"])  # qr_label untranslated: its Dutch stays left to right
    plan = plan_of(workspace, "zfold-a4", region="testland", lang="ar")
    from kaartgen.model.plan import QRCode

    [code] = [item for page in plan.pages for item in page.items if isinstance(item, QRCode)]
    label = [item for page in plan.pages for item in page.items if isinstance(item, TextRun)
             and item.key == "qr_label"]
    assert label and abs(code.rect.x - min(run.x for run in label)) < 30  # both at the panel's left
    _translate(workspace, "ar", {"qr_label": "دردش مع {fier.name} دون الكشف عن هويتك"})
    plan = plan_of(workspace, "zfold-a4", region="testland", lang="ar")
    [code] = [item for page in plan.pages for item in page.items if isinstance(item, QRCode)]
    label = [item for page in plan.pages for item in page.items if isinstance(item, TextRun)
             and item.key == "qr_label"]
    assert abs(code.rect.right - max(run.x + run.width for run in label)) < 1  # both at the right edge


def _with_private_use(source: Path, target: Path) -> None:
    """A copy of a font whose character map also gives U+E000 a glyph of its own (as icon and brand fonts do)."""
    from fontTools.ttLib import TTFont

    with TTFont(source) as font:
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[0xE000] = font.getGlyphOrder()[1]
        font.save(target)


def test_latin_runs_are_kerned_and_ligatured_as_harfbuzz_shapes_them(workspace: Path) -> None:
    """Every run of the Dutch card is HarfBuzz's shaping of its font: pairs the font kerns ("pr", "Te") stand
    closer, "ffi" and "fi" are one glyph each, and a run's width is its glyphs' advances."""
    faces = Measure(Inputs(workspace).layout("zfold-a4")).faces
    runs = [item for page in plan_of(workspace, "zfold-a4", region="testland").pages for item in page.items
            if isinstance(item, TextRun)]
    kerned = ligatures = 0
    for run in runs:
        path = faces[run.face].path
        reference = _harfbuzz(path, run.text)
        assert [gid for gid, *_ in run.glyphs] == [gid for gid, _ in reference], run.text
        assert run.width == pytest.approx(sum(advance for _gid, _cluster, advance, _dx, _dy in run.glyphs))
        unkerned = faces[run.face].width(run.text, run.size)
        kerned += len(run.glyphs) == len(run.text) and run.width < unkerned - 0.1
        ligatures += len(run.glyphs) < len(run.text)
    assert kerned > 20 and ligatures >= 3
    [official] = [run for run in runs if "officiële" in run.text]
    clusters = [cluster for _gid, cluster, *_ in official.glyphs] + [len(official.text)]
    spans = [official.text[start:end] for start, end in itertools.pairwise(clusters)]
    assert "ffi" in spans and "fi" in spans  # (offi)ciële, (fi)nanciën: three letters, two letters, one glyph


def test_the_pdf_sets_kerned_words_at_the_plans_width_and_ligatures_extract_as_letters(workspace: Path,
                                                                                         tmp_path: Path) -> None:
    """The renderer draws a kerned run as its characters with TJ adjustments: each word is as wide in the PDF
    as in the plan (unkerned it would be wider). A ligature's ToUnicode entry is its letters, so every reader
    (pypdf, poppler) extracts "officiële", never a private-use character."""
    from pypdf import PdfReader

    from kaartgen import build

    plan = plan_of(workspace, "zfold-a4", region="testland")
    faces = Measure(Inputs(workspace).layout("zfold-a4")).faces
    words: dict[str, list[float]] = {}
    for page in plan.pages:
        for run in page.items:
            if isinstance(run, TextRun) and " " not in run.text and run.size >= 8 \
                    and faces[run.face].width(run.text, run.size) - run.width > 0.2:  # a word the font kerns
                words.setdefault(run.text, []).append(run.width)
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], options=Options(record=False),
                   out_dir=tmp_path)
    [result] = report.results
    assert result.path is not None
    boxes = subprocess.run(["pdftotext", "-bbox", str(result.path), "-"], capture_output=True, text=True,
                           check=True).stdout
    measured: dict[str, list[float]] = {}
    for x_min, x_max, word in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<',
                                         boxes):
        measured.setdefault(word, []).append(float(x_max) - float(x_min))
    compared = 0
    for word, widths in words.items():
        if word in measured and len(widths) == len(measured[word]) == 1:
            assert measured[word][0] == pytest.approx(widths[0], abs=0.02), word
            compared += 1
    assert compared > 10
    text = "".join(page.extract_text() for page in PdfReader(result.path).pages)
    for word in ("officiële", "specifieke", "flexibel"):
        assert word in text
        assert word in boxes
    assert not any(private_use(ord(ch)) for ch in text + boxes)


def test_a_font_with_private_use_characters_sets_latin_without_ligatures_and_refuses_shaped_scripts(
        workspace: Path) -> None:
    """Ligatures and shaped forms are drawn through private-use code points: in a font that uses them for
    characters of its own, a Latin run is kerned but not ligatured (still right), and Devanagari, which cannot be
    set without its forms, is refused by name with the fix."""
    fonts = workspace / "fonts"
    _with_private_use(fonts / "NotoSans-Regular.ttf", fonts / "Brand-Regular.ttf")
    _with_private_use(fonts / "NotoSansDevanagari-Regular.ttf", fonts / "BrandDevanagari-Regular.ttf")
    layout = workspace / "layouts" / "zfold-a4.yaml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("regular: NotoSans-Regular.ttf", "regular: Brand-Regular.ttf").replace(
        "regular: NotoSansDevanagari-Regular.ttf", "regular: BrandDevanagari-Regular.ttf"), encoding="utf-8")
    runs = [item for page in plan_of(workspace, "zfold-a4", region="testland").pages for item in page.items
            if isinstance(item, TextRun) and item.face == "regular"]
    official = next(run for run in runs if "officiële" in run.text)
    assert len(official.glyphs) == len(official.text)  # "f", "f", "i": no ligature
    faces = Measure(Inputs(workspace).layout("zfold-a4")).faces
    assert any(run.width < faces["regular"].width(run.text, run.size) - 0.1 for run in runs)  # still kerned
    _translate(workspace, "hi", SHAPED_SAMPLES["hi"])
    report = check(workspace, langs=["hi"], regions=["testland"], layouts=["zfold-a4"], options=Options(draft=True))
    refused = [d for r in report.results for d in r.diagnostics if d.code == "font"]
    assert refused and "private-use" in str(refused[0]) and "BrandDevanagari-Regular.ttf" in str(refused[0])
    assert "fonts: fallback:" in refused[0].hint


def test_a_soft_hyphen_alone_measures_nothing_and_has_no_glyphs(workspace: Path) -> None:
    measure = Measure(Inputs(workspace).layout("zfold-a4"))
    assert measure.width("\u00ad", "regular", 9.0) == 0.0 and measure.glyphs("\u00ad", "regular", 9.0) == ()


def _testland_card(workspace: Path, tmp_path: Path, organisation: str) -> Path:
    """The z-fold card of testland with its zorgcoördinator's organisation named `organisation`."""
    from kaartgen import build

    region = workspace / "content" / "regions" / "testland.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace(
        "organisation: Zorgpunt Testland", f"organisation: {organisation}"), encoding="utf-8")
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], options=Options(record=False),
                   out_dir=tmp_path)
    [result] = report.results
    assert result.path is not None, [str(d) for d in result.diagnostics]
    return result.path


def test_a_ligature_in_a_run_drawn_glyph_by_glyph_extracts_as_its_letters(workspace: Path, tmp_path: Path) -> None:
    """"q̃" has no ready-made glyph: HarfBuzz places the tilde on the q, so the run is drawn glyph by glyph
    (ActualText). Its "ffl" ligature's ToUnicode entry still spells the letters: readers that ignore ActualText
    (pypdf) read "Waffle", not a private-use character."""
    from pypdf import PdfReader


    path = _testland_card(workspace, tmp_path, "Waffle Sq\u0303uare Testland")
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Waffle" in text and not any(private_use(ord(ch)) for ch in text)


def test_a_glyph_drawn_through_a_private_use_code_has_its_own_width(tmp_path: Path) -> None:
    """ReportLab keeps the advance of a glyph past the font's full hmtx entries (glyphs at the end sharing one
    advance, as in monospaced fonts) already scaled: the width of its private-use code is scaled once."""
    from fontTools.ttLib import TTFont
    from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont

    from kaartgen.backends.pdf import _private_use

    path = tmp_path / "Shared-Advances.ttf"
    with TTFont(Path(__file__).resolve().parents[1] / "fonts" / "NotoSans-Regular.ttf") as font:
        names = font.getGlyphOrder()
        for name in names[100:]:
            font["hmtx"][name] = (700, font["hmtx"][name][1])  # one advance from glyph 100 on
        font["head"].unitsPerEm = 2000  # (at 1000 units per em scaling twice would change nothing)
        font.save(path)
    with TTFont(path, lazy=True) as font:
        full, upem = font["hhea"].numberOfHMetrics, font["head"].unitsPerEm
        gids = [50, 200]
        expected = [font["hmtx"][font.getGlyphName(gid)][0] * 1000 / upem for gid in gids]
    assert full <= 101 and expected[1] == 350
    face = ReportLabFont("kg-test-shared", str(path)).face
    assert [face.charWidths[_private_use(face, gid)] for gid in gids] == pytest.approx(expected)


def _with_glyphs_before(source: Path, target: Path, count: int) -> None:
    """A copy of a font with `count` empty glyphs before its own (after .notdef): the same letters at glyph ids past
    `count`, as in a font of many glyphs (Amiri, Arial Unicode)."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    with TTFont(source) as font:
        font.ensureDecompiled()  # every table and glyph read: each refers to glyphs by name, not by id
        order = font.getGlyphOrder()
        glyf, hmtx = font["glyf"], font["hmtx"]
        padding = [f"empty{index}" for index in range(count)]
        for name in padding:
            glyf.glyphs[name] = Glyph()
            hmtx.metrics[name] = (500, 0)
        font.setGlyphOrder(order[:1] + padding + order[1:])
        font.save(target)


def _tounicode_entries(path: Path) -> list[str]:
    """The destination (hex) of every bfchar entry of every ToUnicode map in a PDF."""
    from pypdf import PdfReader

    entries = []
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object().get("/ToUnicode")
            if cmap is not None:
                content = cmap.get_object().get_data().decode("latin-1")
                for section in re.findall(r"beginbfchar(.*?)endbfchar", content, re.DOTALL):
                    entries += re.findall(r"<[0-9A-F]{2}> <([0-9A-Fa-f]*)>", section)
    return entries


def test_a_font_of_more_than_6400_glyphs_draws_its_shaped_forms_as_the_font_with_fewer(workspace: Path,
                                                                                      tmp_path: Path) -> None:
    """A shaped form is drawn through a private-use code point per glyph id; past glyph 6399 the Basic
    Multilingual Plane has none left, so it is one of Supplementary Private Use Area-A (U+F0000 + the id) — the
    build crashed there before. The card in Noto Sans Arabic with 7000 empty glyphs before its own looks exactly
    as in Noto Sans Arabic, and every ToUnicode entry is UTF-16 (ReportLab wrote five hex digits past U+FFFF)."""
    from pypdf import PdfReader

    from kaartgen import build

    _translate(workspace, "ar", RIGHT_TO_LEFT["ar"])
    fonts = workspace / "fonts"
    for style in ("Regular", "Bold"):
        _with_glyphs_before(fonts / f"NotoSansArabic-{style}.ttf", fonts / f"ManyGlyphsArabic-{style}.ttf", 7000)
    pictures = {}
    for name in ("few", "many"):
        if name == "many":
            layout = workspace / "layouts" / "zfold-a4.yaml"
            layout.write_text(layout.read_text(encoding="utf-8").replace("NotoSansArabic-", "ManyGlyphsArabic-"),
                              encoding="utf-8")
        report = build(workspace, langs=["ar"], regions=["testland"], layouts=["zfold-a4"],
                       options=Options(draft=True, record=False), out_dir=tmp_path / name)
        [result] = report.results
        assert result.path is not None, [str(d) for d in result.diagnostics]
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(result.path), str(tmp_path / name)], check=True)
        pictures[name] = [path.read_bytes() for path in sorted(tmp_path.glob(f"{name}-*.png"))]
        entries = _tounicode_entries(result.path)
        assert entries and all(len(entry) % 4 == 0 for entry in entries)
        text = "".join(page.extract_text() for page in PdfReader(result.path).pages)
        assert not any(private_use(ord(char)) for char in text)
    runs = [run for run in _runs(workspace, "ar", "cover_title") if run.rtl]
    assert max(gid for run in runs for gid, *_ in run.glyphs) > 7000  # (its letters' forms past glyph 6399)
    assert len(pictures["many"]) == 2 and pictures["many"] == pictures["few"]


def test_a_letter_past_u_ffff_extracts_as_itself(workspace: Path, tmp_path: Path) -> None:
    """A letter outside the Basic Multilingual Plane (Deseret "𐐀", in the layouts' CJK fallback font) gets a
    ToUnicode entry in UTF-16, as the format has it: ReportLab wrote "<10400>", five hex digits, and readers gave
    something else."""
    from pypdf import PdfReader


    path = _testland_card(workspace, tmp_path, "Zorgpunt \U00010400 Testland")
    entries = _tounicode_entries(path)
    assert "D801DC00" in entries and all(len(entry) % 4 == 0 for entry in entries)
    assert "Zorgpunt \U00010400 Testland" in subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                                            text=True, check=True).stdout
    assert "\U00010400" in "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize(("lang", "qualifier"), [("nl", "(tot 23\u00a0jaar, dag en nacht)"),
                                                 ("ar", "(أقل من 23\u00a0سنة، ليلا ونهارا)")])
def test_a_numbers_qualifiers_are_joined_with_the_languages_comma(workspace: Path, lang: str, qualifier: str) -> None:
    """"Zorgcoördinator (tot 23 jaar, dag en nacht): 0800-0000": an Arabic line joins its qualifiers with the
    Arabic comma "،" (a Latin "," between Arabic words reads as a stray mark)."""
    from kaartgen.layout.texts import resolve

    (workspace / "content" / "regions" / "testland.yaml").write_text(f"""\
region: {{name: Testland}}
contacts:
  zorgcoordinator:
    - label: {{nl: tot 23 jaar, ar: أقل من 23 سنة}}
      organisation: Jeugdpunt Testland
      phones:
        - {{number: 0800-0000, label: {{nl: dag en nacht, ar: ليلا ونهارا}}}}
        - {{number: 0800-0002, label: {{nl: kantoor, ar: المكتب}}}}
      verified: {{on: {VERIFIED_ON}, by: Test Verifier}}
    - label: {{nl: 23 jaar en ouder, ar: 23 سنة فأكثر}}
      organisation: Zorgpunt Testland
      phone: 0800-0001
      verified: {{on: {VERIFIED_ON}, by: Test Verifier}}
""", encoding="utf-8")
    if lang != "nl":
        _translate(workspace, lang, {"contacts.coordinator": "منسق الرعاية: {zorgcoordinator.phone}"})
    inputs = Inputs(workspace)
    translated = inputs.translation(DOC, lang).texts if lang != "nl" else None
    texts = resolve(inputs.source(DOC), inputs.region("testland"), translated, lang)
    lines = ["".join(span.text for span in text.spans) for text in texts.blocks["contacts"].texts
             if text.key == "contacts.coordinator"]
    assert any(qualifier in line and "0800-0000" in line for line in lines), lines


@pytest.mark.parametrize(("lang", "slanted"), [("nl", True), ("ar", False), ("he", False), ("zh_CN", False)])
def test_a_script_without_italics_sets_an_italic_style_upright(workspace: Path, lang: str, slanted: bool) -> None:
    """The region's note is italic on a Dutch card; in Arabic, Hebrew or Chinese (scripts without italics: their
    fonts have none) it is upright throughout — the digits and Latin marks among its letters were slanted."""
    region = workspace / "content" / "regions" / "testland.yaml"
    region.write_text(region.read_text(encoding="utf-8") + 'note: {nl: "Bel bij gevaar 112.", ar: "اتصل بالرقم 112.", '
                      'he: "התקשרו 112.", zh_CN: "紧急情况请拨打 112。"}\n', encoding="utf-8")
    if lang != "nl":
        _translate(workspace, lang, {"regional_note": "{region.note}"})
    runs = _runs(workspace, lang, "regional_note")
    digits = [run for run in runs if "112" in run.text]
    assert digits, [run.text for run in runs]
    assert all(("italic" in run.face) == slanted for run in runs), [(run.text, run.face) for run in runs]


@pytest.mark.parametrize(("lang", "italics"), [("nl", True), ("sr@latin", True), ("sr_Cyrl", True), ("el", True),
                                               ("hy", True), ("ar", False), ("prs", False), ("zh_Hant", False),
                                               ("th", False), ("xx", True)])
def test_which_languages_set_italics(lang: str, italics: bool) -> None:
    from kaartgen.layout.scripts import has_italics

    assert has_italics(lang) is italics


def test_two_names_mean_one_language_only_when_they_name_the_same_locale() -> None:
    from kaartgen.load.translations import same_languages

    found = same_languages(["sr@latin", "sr_Latn", "sr", "ca", "ca@valencia", "iw", "he", "zh_CN", "zh_Hans", "qq"])
    assert found == {"sr@latin": ["sr_Latn"], "sr_Latn": ["sr@latin"], "iw": ["he"], "he": ["iw"]}


def test_a_drafts_dutch_contact_row_keeps_a_right_to_left_lists_number_column(workspace: Path) -> None:
    """In a Hebrew draft, the contact rows the translation lacks are Dutch (set left to right) but stand in the
    Hebrew list: label at the right, number in the same column at the left as every translated row (it jumped to
    the right)."""
    texts = {key: text for key, text in RIGHT_TO_LEFT["he"].items() if key != "contacts.veilig_thuis"}
    _translate(workspace, "he", {**texts, "contacts.coordinator": "רכז הטיפול: {zorgcoordinator.phone}"})
    runs = _runs(workspace, "he", "contacts.coordinator", layout="zfold-a4-rtl") + \
        _runs(workspace, "he", "contacts.veilig_thuis", layout="zfold-a4-rtl")
    numbers = {run.key: run.x for run in runs if run.link and run.link.startswith("tel:")}
    assert set(numbers) == {"contacts.coordinator", "contacts.veilig_thuis"}, [run.text for run in runs]
    assert abs(numbers["contacts.coordinator"] - numbers["contacts.veilig_thuis"]) < 0.01
    dutch = [run for run in runs if run.key == "contacts.veilig_thuis" and not run.link]
    assert dutch and not any(run.rtl for run in dutch if run.text.strip("[] ").isalpha())
    assert min(run.x for run in dutch) > numbers["contacts.veilig_thuis"]  # the label right of its number
