"""Translations: the Kazakh, Russian and English catalogs are complete and keep their
placeholders, and pages come out in the language asked for (?lang=, /lang/<code>, the browser).

The rendered-page tests need the compiled .mo files: `make test` builds them first (the
`translations` target); by hand, run `make translations`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
TRANSLATIONS = WEB / "translations"
LANGUAGES = ("kk", "ru", "en")

# %(name)s / %(name)d (Python, gettext), {name} (page scripts, filled by Zharys.t).
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def messages(lang: str):
    return [m for m in catalog(lang) if m.id]


def placeholders(text: str) -> list[str]:
    return sorted(a or b for a, b in PLACEHOLDER.findall(text))


def forms(message) -> tuple[list[str], list[str]]:
    """(msgid forms, msgstr forms) of a message, plural or not."""
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    if isinstance(message.string, (list, tuple)):
        return ids, list(message.string)
    return ids, [message.string]


# ------------------------------------------------------------------------------- catalogs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    missing = [m.id for m in messages(lang) if not all(s.strip() for s in forms(m)[1])]
    assert not missing, f"{lang}: untranslated: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_translation_is_fuzzy(lang):
    # `make translations` compiles with --use-fuzzy: a fuzzy guess would reach the screen.
    fuzzy = [m.id for m in messages(lang) if m.fuzzy]
    assert not fuzzy, f"{lang}: fuzzy (check, then drop the flag): {fuzzy}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang):
    wrong = []
    for m in messages(lang):
        ids, strings = forms(m)
        wanted = placeholders(ids[-1])  # the plural msgid names the same placeholders
        for text in strings:
            if placeholders(text) != wanted:
                wrong.append((m.id, text))
    assert not wrong, f"{lang}: placeholders differ from the msgid: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_stray_percent_sign(lang):
    # Flask-Babel's newstyle gettext applies % to every template string, even without
    # variables: a lone % (not %(name)s or %%) raises or garbles the page.
    bad = [text for m in messages(lang) for text in forms(m)[1]
           if "%" in re.sub(r"%\(\w+\)[sd]|%%", "", text)]
    assert not bad, f"{lang}: literal % in {bad}"


@pytest.mark.parametrize("lang, count", [("kk", 2), ("ru", 3), ("en", 2)])
def test_plural_forms(lang, count):
    cat = catalog(lang)
    assert cat.num_plurals == count
    plurals = [m for m in cat if m.id and m.pluralizable]
    assert plurals, "the admin page has plural messages"
    for m in plurals:
        assert len(m.string) == count and all(m.string), (lang, m.id, m.string)


def test_english_catalog_repeats_the_msgids():
    for m in messages("en"):
        ids, strings = forms(m)
        assert strings == ids, m.id


def test_kazakh_is_kazakh_not_russian():
    kk = {m.id: m for m in messages("kk")}
    ru = {m.id: m for m in messages("ru")}
    assert kk.keys() == ru.keys()
    with_letters = [i for i, m in kk.items() if KAZAKH_LETTERS & set("".join(forms(m)[1]))]
    same_as_ru = [i for i in kk if forms(kk[i])[1] == forms(ru[i])[1]]
    assert len(with_letters) > len(kk) // 2
    assert len(same_as_ru) < len(kk) // 10, same_as_ru


def test_catalogs_cover_every_string_in_the_source():
    """A string wrapped in a template or view but never extracted would stay English."""
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None,
                "lazy_gettext": None}
    source = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(WEB), method_map, keywords=keywords):
        source.add(message if isinstance(message, str) else message[0])
    assert len(source) > 100, "extraction found almost nothing: check the method map"
    for lang in LANGUAGES:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in messages(lang)}
        missing = sorted(source - ids)
        assert not missing, (f"{lang}: not in the catalog (run `make extract-messages`, then "
                             f"translate): {missing}")


# ------------------------------------------------------------------------ rendered pages


@pytest.fixture
def compiled():
    missing = [lang for lang in LANGUAGES
               if not (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").exists()]
    assert not missing, f"no compiled catalog for {missing}: run `make translations`"


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]*)"', page).group(1)


def nav(page: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)


def script_strings(page: str) -> dict:
    return json.loads(re.search(r'<script id="i18n" type="application/json">(.*?)</script>',
                                page, re.S).group(1))


# The main menu in each language, and the same words in the other two that must not appear.
NAV = {
    "kk": ["Басты бет", "Рейтинг", "Кесте"],
    "ru": ["Главная", "Рейтинг", "Расписание"],
    "en": ["Home", "Rankings", "Schedule"],
}
WORDS = {  # page, a heading in each language
    "/rankings": {"kk": "Әр матчтан кейін өздігінен жаңарады.",
                  "ru": "Обновляется автоматически после каждого матча.",
                  "en": "Updates by itself after every match."},
    "/schedule": {"kk": "Матчтар кестесі", "ru": "Расписание матчей", "en": "Match schedule"},
    "/teams/1001": {"kk": "Келесі матч", "ru": "Следующий матч", "en": "Next match"},
    "/display/field?field=1": {"kk": "1-алаң", "ru": "Поле 1", "en": "Field 1"},
}


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_lang_parameter_renders_that_language(app, lang):
    client = app.test_client()
    page = client.get(f"/?lang={lang}").get_data(as_text=True)
    assert html_lang(page) == lang
    menu = nav(page)
    for word in NAV[lang]:
        assert f">{word}<" in menu, (lang, word)
    for other in LANGUAGES:
        if other != lang:
            for word in set(NAV[other]) - set(NAV[lang]):
                assert f">{word}<" not in menu, (lang, word)


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("path", sorted(WORDS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_show_the_chosen_language(app, path, lang):
    sep = "&" if "?" in path else "?"
    page = app.test_client().get(f"{path}{sep}lang={lang}").get_data(as_text=True)
    assert html_lang(page) == lang
    assert WORDS[path][lang] in page
    for other in LANGUAGES:
        if other != lang and WORDS[path][other] not in WORDS[path][lang]:
            assert WORDS[path][other] not in page, (path, lang, other)


@pytest.mark.usefixtures("compiled")
def test_script_strings_follow_the_language(app):
    client = app.test_client()
    lost = {lang: script_strings(client.get(f"/rankings?lang={lang}").get_data(as_text=True))
            ["conn.lost"] for lang in LANGUAGES}
    assert lost == {"kk": "Байланыс үзілді — қайта қосылуда…",
                    "ru": "Связь потеряна — переподключение…",
                    "en": "Connection lost — reconnecting…"}


@pytest.mark.usefixtures("compiled")
def test_lang_route_sets_the_language_for_the_following_pages(app):
    client = app.test_client()
    assert html_lang(client.get("/").get_data(as_text=True)) == "kk"  # the default

    response = client.get("/lang/ru", headers={"Referer": "http://localhost/schedule"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/schedule")
    for path in ("/", "/rankings", "/schedule"):
        page = client.get(path).get_data(as_text=True)
        assert html_lang(page) == "ru" and ">Расписание<" in nav(page), path

    # ?lang= is for that one request; the chosen language stays.
    assert html_lang(client.get("/?lang=en").get_data(as_text=True)) == "en"
    assert html_lang(client.get("/").get_data(as_text=True)) == "ru"

    client.get("/lang/xx")  # unknown: ignored
    assert html_lang(client.get("/").get_data(as_text=True)) == "ru"

    client.get("/lang/en")
    page = client.get("/rankings").get_data(as_text=True)
    assert html_lang(page) == "en" and ">Rankings<" in nav(page)


@pytest.mark.usefixtures("compiled")
def test_lang_route_does_not_redirect_off_site(app):
    response = app.test_client().get("/lang/kk", headers={"Referer": "http://evil.example/x"})
    assert response.status_code == 302 and response.headers["Location"] in ("/", "http://localhost/")


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("header, lang", [("ru-RU,ru;q=0.9,en;q=0.8", "ru"), ("en-US", "en"),
                                          ("kk-KZ,kk;q=0.9,ru;q=0.8", "kk"), ("de-DE", "kk")])
def test_browser_language_is_used_until_one_is_chosen(app, header, lang):
    page = app.test_client().get("/", headers={"Accept-Language": header})
    assert html_lang(page.get_data(as_text=True)) == lang


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("header, lang", [("kk-KZ,ru;q=0.5", "kk"), ("ru-KZ,kk;q=0.5", "ru")])
def test_browser_region_tags_rank_by_quality(app, header, lang):
    page = app.test_client().get("/", headers={"Accept-Language": header})
    assert html_lang(page.get_data(as_text=True)) == lang


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("lang, text", [("kk", "Пайдаланушы аты немесе құпиясөз қате."),
                                        ("ru", "Неверное имя пользователя или пароль."),
                                        ("en", "Wrong user name or password.")])
def test_messages_from_views_are_translated(app, lang, text):
    client = app.test_client()
    client.get(f"/lang/{lang}")
    page = client.get("/login").get_data(as_text=True)
    assert html_lang(page) == lang
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    wrong = client.post("/login", data={"username": "admin", "password": "nope",
                                        "csrf_token": token})
    assert text in wrong.get_data(as_text=True)


@pytest.mark.usefixtures("compiled")
def test_every_script_key_the_page_scripts_use_exists(app):
    """Zharys.t('key') with a key missing from _i18n.html would show the bare key."""
    # A page kind outside the groups gets every script string.
    strings = script_strings(app.test_client().get("/login?lang=kk").get_data(as_text=True))
    used = set()
    for js in (WEB / "static" / "js").glob("*.js"):
        used |= set(re.findall(r"Z\.t\(\s*'([\w.]+)'", js.read_text(encoding="utf-8")))
    assert len(used) > 50, "no Zharys.t('key') calls found in web/static/js"
    # Keys built at run time: their prefixes and the values the server sends.
    used |= {f"state.{s}" for s in ("idle", "loaded", "auto", "transition", "teleop", "endgame",
                                    "ended", "review", "committed", "aborted")}
    used |= {f"phase.{p}" for p in ("idle", "pre", "auto", "transition", "teleop", "endgame",
                                    "ended", "aborted")}
    used |= {f"command.{c}" for c in ("load", "start", "abort", "review", "commit", "replay",
                                      "live_score", "dq")}
    used |= {"alliance.red", "alliance.blue", "role.referee", "role.head_referee",
             "role.scorekeeper", "role.admin"}
    missing = sorted(k for k in used if not k.endswith(".") and k not in strings)
    assert not missing, f"script keys missing from _i18n.html: {missing}"
    untranslated = sorted(k for k in used if k in strings and not strings[k].strip())
    assert not untranslated
