"""The site's own words in each language: gettext catalogues, compiled as the build reads them.

The message catalogues are catalogue/locale/<code>/LC_MESSAGES/messages.po, extracted from the
templates, the scripts in static/ and the Python that words pages (babel.cfg; docs/languages.md
says how to update them). Their message ids are the English words, so English needs no
catalogue to read. Compiled catalogues are never kept: a build compiles the ones it needs in
memory (a few milliseconds), so a saved .po file shows on the next preview.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import pass_eval_context
from jinja2.ext import Extension
from jinja2.lexer import TOKEN_DATA, Token, TokenStream
from jinja2.nodes import EvalContext
from markupsafe import Markup

from ..content.translations import SOURCE_LANGUAGE, catalogue_path, language_of


def _catalogue(code: str) -> tuple[Path, int, int] | None:
    """A language's catalogue and its state (what the caches below key on); None for English, whose
    words are the message ids, and for a language the generator has no catalogue for."""
    path = catalogue_path(code)
    if language_of(code) == SOURCE_LANGUAGE or not path.is_file():
        return None
    stat = path.stat()
    return path, stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=16)
def _read(path: Path, mtime: int, size: int) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=path.parent.parent.name)


def translations(code: str) -> gettext.NullTranslations:
    """The site's words in this language (English: the message ids as they are)."""
    state = _catalogue(code)
    return _compiled(*state) if state else gettext.NullTranslations()


@lru_cache(maxsize=16)
def _compiled(path: Path, mtime: int, size: int) -> gettext.GNUTranslations:
    buffer = io.BytesIO()
    write_mo(buffer, _read(path, mtime, size), use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def words_version(code: str) -> str:
    """What a language's words are now (its catalogue's status): compiled templates hold them."""
    state = _catalogue(code)
    return f"{code}:{state[1]}:{state[2]}" if state else code


def words_module(code: str) -> str:
    """The name of the scripts' words module a page in this language loads (static/words/<name>.js);
    "" for English, whose words are the scripts' own."""
    return "" if language_of(code) == SOURCE_LANGUAGE else language_of(code)


def script_words(code: str) -> dict[str, str | dict[str, str]]:
    """The scripts' words in a language, for static/i18n.js: each message of the scripts
    (static/*.js) by its English id; one with plural forms as {CLDR category: text}, the forms
    Intl.PluralRules names in the browser ("one", "two", "few", "many", "other" for Welsh)."""
    state = _catalogue(code)
    return _script_words(*state) if state else {}


@lru_cache(maxsize=16)
def _script_words(path: Path, mtime: int, size: int) -> dict[str, str | dict[str, str]]:
    catalog = _read(path, mtime, size)
    index = gettext.c2py(catalog.plural_expr)
    rule = Locale.parse(catalog.locale_identifier or SOURCE_LANGUAGE).plural_form
    samples = {tag: next(n for n in range(1000) if rule(n) == tag) for tag in [*rule.tags, "other"]}
    words: dict[str, str | dict[str, str]] = {}
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if not any(place.startswith("static/") for place, _ in message.locations):
            continue
        if isinstance(message.id, tuple):
            forms = list(message.string)
            words[message.id[0]] = {tag: forms[min(index(n), len(forms) - 1)] for tag, n in samples.items()}
        else:
            words[str(message.id)] = str(message.string)
    return words


class ConstantWords(Extension):
    """What a template says the same on every page of a language, worked out once, when the
    template is compiled.

    `{{ _("Search offers") }}` (or `pgettext("context", "…")`) with nothing but string literals
    becomes the translated text itself, as the i18n extension's newstyle gettext renders it (the
    translation as markup, %% as %), so pages do not call gettext sixty times each. On the main
    language's pages no text is in another language, so `{{ text|lang_attr }}` is nothing there
    and `{{ text|tagged }}` is `{{ text }}`. Each language's environment compiles its own
    templates (render.compiled_templates keeps them apart). Messages with values stay calls.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        words: gettext.NullTranslations | None = getattr(self.environment, "constant_words", None)
        main: bool = getattr(self.environment, "main_language", False)
        if words is None:
            yield from stream
            return
        block: list[Token] = []
        for token in _trans_blocks(stream, words):
            if block or token.type == "variable_begin":
                block.append(token)
                if token.type == "variable_end":
                    yield from _worked_out(block, words, main)
                    block = []
            else:
                yield token
        yield from block


def _trans_blocks(stream: Iterator[Token], words: gettext.NullTranslations) -> Iterator[Token]:
    """{% trans %}…{% endtrans %} blocks of text alone (no values, no plural) as their text."""
    block: list[Token] = []
    for token in stream:
        if block or token.type == "block_begin":
            block.append(token)
            if len(block) == 2 and not (token.type == "name" and token.value == "trans"):
                yield from block
                block = []
            elif token.type == "block_end" and block[-2].type == "name" and block[-2].value == "endtrans":
                yield from _trans_worked_out(block, words)
                block = []
        else:
            yield token
    yield from block


def _trans_worked_out(block: list[Token], words: gettext.NullTranslations) -> list[Token]:
    """A whole {% trans %} block as its translated text, when it holds nothing but text."""
    head = 4 if block[2].type == "name" else 3  # {% trans trimmed %} or {% trans %}
    if block[head - 1].type != "block_end" or (head == 4 and block[2].value not in ("trimmed", "notrimmed")):
        return block
    text = block[head:-3]
    if any(token.type != "data" for token in text):
        return block
    message = "".join(token.value.replace("%", "%%") for token in text)  # as the i18n extension does
    if head == 4 and block[2].value == "trimmed":
        message = _TRIMMED.sub(" ", message.strip())
    return [Token(block[0].lineno, TOKEN_DATA, words.gettext(message) % {})]


_TRIMMED = re.compile(r"\s*\n\s*")  # the i18n extension's whitespace rule for {% trans trimmed %}


# The token shapes of {{ _("…") }} and {{ pgettext("…", "…") }}.
_PLAIN = ["variable_begin", "name", "lparen", "string", "rparen", "variable_end"]
_CONTEXT = ["variable_begin", "name", "lparen", "string", "comma", "string", "rparen", "variable_end"]


def _worked_out(block: list[Token], words: gettext.NullTranslations, main: bool) -> list[Token]:
    """A {{ … }} block as it compiles for this language: the same, or its text, or less."""
    shape = [t.type for t in block]
    last = block[-2].value if len(block) > 3 and block[-3].type == "pipe" else None
    if main and last == "lang_attr":
        return []
    if main and last == "tagged":
        return block[:-3] + block[-1:]
    if _is_worded(block, shape):
        # {{ _("… %(a)s", a=x) }}: the text translated now, its values put in as pages render.
        text = words.gettext(block[3].value)
        return [
            block[0],
            Token(block[3].lineno, "string", text),
            Token(block[3].lineno, "pipe", "|"),
            Token(block[3].lineno, "name", "worded"),
            Token(block[3].lineno, "lparen", "("),
            *block[5:],
        ]
    if shape == _PLAIN and block[1].value in ("_", "gettext"):
        text = words.gettext(block[3].value)
    elif shape == _CONTEXT and block[1].value == "pgettext":
        text = words.pgettext(block[3].value, block[5].value)
    else:
        return block
    return [Token(block[0].lineno, TOKEN_DATA, text % {})]  # newstyle gettext formats every message


def _is_worded(block: list[Token], shape: list[str]) -> bool:
    """Whether a block is exactly {{ _("literal", name=value, …) }}."""
    if shape[:5] != ["variable_begin", "name", "lparen", "string", "comma"] or block[1].value != "_":
        return False
    if shape[-2:] != ["rparen", "variable_end"]:
        return False
    depth = 0
    inner = shape[2:-1]  # from the call's "(" to the ")" before "}}"
    for place, kind in enumerate(inner):
        depth += _DEPTH.get(kind, 0)
        if depth == 0 and place < len(inner) - 1:
            return False  # that ")" closed the call before the end: {{ _("…", a=x) ~ y }}
    return depth == 0


_DEPTH = {"lparen": 1, "rparen": -1, "lbracket": 1, "rbracket": -1, "lbrace": 1, "rbrace": -1}


@pass_eval_context
def worded(context: EvalContext, text: str, **values: object) -> str:
    """A translated message with its values put in, as newstyle gettext does it: the values
    escaped where the template escapes."""
    return (Markup(text) if context.autoescape else text) % values
