"""Plan a post: which source sentences it says, in which sections.

The plan decides *what* to say and nothing about *how*: every rewrite
engine (pipeline/rewrite/) starts from the same plan, so engines differ in
wording only, and the guard can hold each output sentence to the source
sentences its plan entry cites.

Pipeline: usable sentences -> sections (the article's subheadings, or topic
segmentation by TF-IDF cosine of character bigrams, cut at the weakest
boundaries) -> per section the most central, lead-near, fact-dense
sentences without near-duplicates, in story order -> a length budget for
long sources (the lead's sentences are always kept, so every lead fact
survives) -> referents (a sentence opening with `이를 위해`, `이에 따라`, `이
가운데` … is said right after the sentence it points back to, which is added
when that is cheap, or it is not said) -> highlights (the most informative sentences, never questions).

Pure and deterministic: no clock, no randomness, ties broken by position.
"""
from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import chain

from . import korean
from .config import ComposeSettings
from .errors import ComposeError
from .headings import clean_subheading
from .models import Article, Block, Fact, Plan, PlanSection, Sentence
from .sentences import sentence_at, split_blocks

NUMERIC_KINDS = {"money", "count", "duration", "date", "percent"}
ENTITY_KINDS = {"org", "person", "programme"}
REDUNDANT = 0.7  # cosine above which a sentence repeats one already chosen
MIN_CHARS = 12  # shorter "sentences" are captions, labels or fragments...
SHORT_FACT_CHARS = 6  # ...unless they finish a sentence and state a figure (`예산은 8억 원이다.`)
LEAD_KEEP = 2  # the lead's first sentences are never cut for length


@dataclass
class _Unit:
    sent: Sentence
    text: str  # NFC, whitespace collapsed
    vec: dict[str, float]
    facts: list[Fact]
    score: float = 0.0
    info: float = 0.0
    keys: frozenset[str] = frozenset()
    peak: float = 0.0  # largest vector component, bounds a cosine cheaply
    fragment: bool = False  # a deck or a table's title: segments, is never said


def make_plan(article: Article, facts: list[Fact], settings: ComposeSettings,
              sentences: list[Sentence] | None = None) -> Plan:
    """The plan for `article`; raises ComposeError(reason) when there is nothing to say."""
    if sentences is None:
        sentences = split_blocks(article.blocks)
    heads = [is_heading(b) for b in article.blocks]
    units = _usable(article, sentences, facts, heads)
    if len(units) < settings.min_sentences:
        raise ComposeError(f"too few sentences ({len(units)} < {settings.min_sentences})")
    _weigh(units)
    groups = _sections(article, units, settings, heads)
    chosen_all: list[_Unit] = []
    picked: list[tuple[str | None, list[_Unit], list[_Unit]]] = []
    for heading, members in groups:
        sel = _select(members, chosen_all, settings.sentences_per_section)
        if sel:
            chosen_all.extend(sel)
            picked.append((heading, members, sel))
    if not picked:
        raise ComposeError("no sentences left after removing repeats")
    said = [u for u in units if not u.fragment]
    _keep_lead(picked, said[:LEAD_KEEP], max(1, settings.sentences_per_section))
    total = sum(len(u.text) for u in units)
    target = _target_chars(total, settings)
    picked = _fit(picked, said, target)
    picked = _keep_antecedents(picked, units, said[:LEAD_KEEP], target)

    sections = []
    for heading, members, sel in picked:
        best: list[int] = []
        if settings.highlights_per_section > 0:
            k = min(settings.highlights_per_section, max(1, len(sel) // 2))
            ranked = sorted(sel, key=lambda u: (-u.info, -u.score, u.sent.index))
            best = [u.sent.index for u in ranked if not _is_question(u)][:k]
        sections.append(PlanSection(
            subheading=heading, members=[u.sent.index for u in members], chosen=[u.sent.index for u in sel],
            highlights=best, facts=[f for u in sel for f in u.facts],
        ))
    return Plan(
        article=article, sentences=sentences, facts=facts, sections=sections,
        lead=[u.sent.index for u in said[:4]],
        texts={u.sent.index: u.text for u in units}, scores={u.sent.index: u.score for u in units},
        target_chars=target, settings=settings,
    )


def _keep_lead(picked: list[tuple[str | None, list[_Unit], list[_Unit]]], lead: list[_Unit], limit: int) -> None:
    """The lead carries the story's key facts: its first sentences are said even
    when the redundancy filter or a section's limit passed them over (the
    section then gives up its weakest other sentence)."""
    for u in lead:
        for _, members, sel in picked:
            if u in members:
                if u not in sel:
                    if len(sel) >= limit:
                        others = [x for x in sel if x not in lead]
                        if not others:
                            break
                        sel.remove(min(others, key=lambda x: (x.score, -x.sent.index)))
                    sel.append(u)
                    sel.sort(key=lambda x: x.sent.index)
                break


def _target_chars(total: int, settings: ComposeSettings) -> int:
    """A long source becomes a post of about `summary_ratio` of it; a short one stays whole."""
    if total <= settings.summary_min_source:
        return total
    return max(settings.summary_min_source, round(total * settings.summary_ratio))


def _fit(picked: list[tuple[str | None, list[_Unit], list[_Unit]]], units: list[_Unit],
         target: int) -> list[tuple[str | None, list[_Unit], list[_Unit]]]:
    """Drop the weakest chosen sentences until the post fits `target`.

    The lead's first sentences stay (every lead fact survives) and so does
    each section's best sentence, so no section loses its reason to exist.
    """
    keep = {u.sent.index for u in units[:LEAD_KEEP]}
    for _, _, sel in picked:
        keep.add(max(sel, key=lambda u: (u.score, -u.sent.index)).sent.index)
    size = sum(len(u.text) for _, _, sel in picked for u in sel)
    if size <= target:
        return picked
    droppable = sorted((u for _, _, sel in picked for u in sel if u.sent.index not in keep),
                       key=lambda u: (u.score, -u.sent.index))
    gone: set[int] = set()
    for u in droppable:
        if size <= target:
            break
        gone.add(u.sent.index)
        size -= len(u.text)
    return [(h, m, [u for u in sel if u.sent.index not in gone]) for h, m, sel in picked]


# Openers that point back at the sentence before (`이를 위해`, `이에 따라`, `이
# 가운데`, `그러면서`, `또한 이들은`): said without it, they point at nothing or
# at the wrong sentence.
_ANAPHOR = re.compile(
    r"^[\s“\"'‘]*(?:(?:또한|또|특히|아울러|한편|다만|그리고|이어|나아가)\s*,?\s*)?"
    r"(?:이를|이에|이는|이와|이로써|이로 인해|이로인해|이 때문에|이때문에|이같은|이 같은|이같이|이 같이|이런|이러한"
    r"|이 가운데|이가운데|이 중|이중|이 밖에|이밖에|이 외에|이외에|이 과정에서|이 자리에서|이 기간|이들(?:은|이|을|의|에게|도|과|와|에)?|그는|그녀는"
    r"|그들은|그러면서|그러자|그럼에도|그 결과|그 가운데|그 중|그중|이후(?=,| \d)|해당 \S+?[은는이가])(?=[\s,]|$)")


# `…12.5%를 차지하는 수치다`, `역대 최대 규모다`: a sentence that only says
# what something is, naming no subject, is about the sentence before it.
_REFERENCE_NOUNS = frozenset({"수치", "규모", "수준", "셈", "금액", "액수", "비율", "비중", "것", "사례", "결과"})


def is_anaphoric(text: str) -> bool:
    """Whether a sentence leans on the one before it: it opens by pointing
    back at it, or it is a subjectless `… 수치다` that says what that one was."""
    return bool(_ANAPHOR.match(text)) or _says_what_the_one_before_is(text)


def _says_what_the_one_before_is(text: str) -> bool:
    toks = [t for t in korean.tokens(text) if t.tag not in ("SF", "SP")]
    if len(toks) < 3 or toks[-1].tag != "EF" or toks[-2].tag != "VCP" or toks[-3].form not in _REFERENCE_NOUNS:
        return False
    return not korean.names_subject(toks) and not re.search(r"[“\"‘']", text)


def _keep_antecedents(picked: list[tuple[str | None, list[_Unit], list[_Unit]]], units: list[_Unit],
                      lead: list[_Unit], target: int) -> list[tuple[str | None, list[_Unit], list[_Unit]]]:
    """A chosen sentence opening with an anaphor is said right after the source
    sentence before it, in the same section: that sentence is added where it
    is cheap (not a repeat of one said, not a question, itself not pointing at
    a sentence left out, within the length budget), else the anaphoric one is
    not said. The lead's first sentences are never dropped. Runs in story
    order, so a chain (`…`, `이를 위해 …`, `이에 따라 …`) is judged link by link.
    """
    before = {u.sent.index: units[k - 1] for k, u in enumerate(units) if k > 0}
    protected = {u.sent.index for u in lead}
    size = sum(len(u.text) for _, _, sel in picked for u in sel)
    said = {u.sent.index for _, _, sel in picked for u in sel}
    out = []
    for heading, members, sel in picked:
        keep: list[_Unit] = []
        for u in sel:
            prev = before.get(u.sent.index)
            if prev is None or (keep and keep[-1] is prev):
                keep.append(u)
                continue
            points = is_anaphoric(u.text) or _bridges(u, prev, keep)
            detail = not points and _details(u, prev)
            if not (points or detail):
                keep.append(u)
                continue
            # (a detail's lead-in repeats the detail: that is why it was passed over)
            others = [x for _, _, s2 in picked for x in s2 if not (detail and x is u)]
            ok_prev = (prev in members and not prev.fragment and prev.sent.index not in said and size + len(prev.text) <= target
                       and not _is_question(prev) and not _repeats(prev, others)
                       and (not is_anaphoric(prev.text) or (keep and keep[-1] is before.get(prev.sent.index))))
            if ok_prev:
                keep += [prev, u]
                said.add(prev.sent.index)
                size += len(prev.text)
            elif u.sent.index in protected or detail:
                keep.append(u)
            else:
                said.discard(u.sent.index)
                size -= len(u.text)
        out.append((heading, members, keep))
    return [(h, m, sel) for h, m, sel in out if sel]


# `공원 면적은 …` after `… 수변 공원이 조성된다`: a topic that is an attribute
# of something the sentence before introduced.
_TOPIC_OF = re.compile(r"^([가-힣]{1,5}) [가-힣]{1,4}(?:은|는) ")


def _bridges(u: _Unit, prev: _Unit, keep: list[_Unit]) -> bool:
    """`u` talks about a part of what the sentence before it in its paragraph
    introduced (`공원 면적은` after `수변 공원이 조성된다`), which the sentence
    it would follow in its section does not name."""
    m = _TOPIC_OF.match(u.text)
    if not m or prev.sent.block != u.sent.block:
        return False
    word = m.group(1)
    introduced = re.search(rf"(?<![가-힣]){word}(?:이|가|을|를|과|와|도)?(?![가-힣])", prev.text)
    return bool(introduced) and not (keep and word in keep[-1].text)


def _details(u: _Unit, prev: _Unit) -> bool:
    """`u` names no subject and gives the detail of what the sentence before
    it announced with its subject and day (`같은 날, 연구소
    운영방향 논의가 있습니다.` then `연구소 현장 방문을 통해서 운영방향을
    논의합니다.`): the selection kept the detail and passed over the lead-in
    as its repeat, so the detail would be said with no day and no doer."""
    if not _repeats(prev, [u]):
        return False
    return not korean.names_subject(korean.tokens(u.text)) and korean.names_subject(korean.tokens(prev.text))


def _repeats(u: _Unit, chosen: list[_Unit]) -> bool:
    return any(c is not u and sum(u.vec[g] * c.vec[g] for g in u.keys & c.keys) > REDUNDANT for c in chosen)


_BULLET_HEAD = re.compile(r"^[◇◆■□●○▶▷◈▣►]\s*\S.{0,58}$")
_ENDS_SENTENCE = re.compile(r"다[.!]?[”’\"']?$")
_HANGUL = re.compile(r"[가-힣]")


def is_heading(block: Block) -> bool:
    """A subheading block, or a paragraph that is one in all but markup:
    a short bulleted line with no finished sentence (`◇3개월만 일해도 퇴직급여…`)."""
    if block.kind == "h":
        return True
    text = block.text.strip()
    return "\n" not in text and bool(_BULLET_HEAD.match(text)) and not _ENDS_SENTENCE.search(text)


# -- sentences and similarity ------------------------------------------------


def _norm(text: str) -> str:
    # str.split() and the regex \s agree on every code point (both use
    # Py_UNICODE_ISSPACE): the same result as sub(r"\s+", " ").strip(), in C.
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _usable(article: Article, sentences: list[Sentence], facts: list[Fact], heads: list[bool]) -> list[_Unit]:
    by_sent: dict[int, list[Fact]] = {}
    for f in sorted(facts, key=lambda f: (f.start, f.end, f.kind)):
        if sentences:
            by_sent.setdefault(sentence_at(sentences, f.start), []).append(f)
    units = []
    for s in sentences:
        if s.block >= len(heads) or heads[s.block]:
            continue
        text = _norm(s.text)
        if not _HANGUL.search(text):
            continue
        if len(text) < MIN_CHARS and not (
                len(text) >= SHORT_FACT_CHARS and _ENDS_SENTENCE.search(text)
                and any(f.kind in NUMERIC_KINDS for f in by_sent.get(s.index, []))):
            continue
        units.append(_Unit(s, text, {}, by_sent.get(s.index, []), fragment=is_fragment(text)))
    return units


# A deck or a table's title run into the text (`창업지원 규모 작년 대비 43%
# 증가`, `전년대비 47%↑…중심 지원`, `…목표…"역량 집중"`): a headline's noun
# phrase with no final ending anywhere. Said in a body it reads as a fragment,
# and the story's sentences say its facts whole; it still marks where a topic
# starts. A bullet or a numbered item opens on its marker: the engines judge
# those (a rules post drops them as layout, an extractive one keeps a list).
_SENTENCE_STOP = re.compile(r"(?:다|요|까)[.!?]?[”’\"')]*$|[.!?][”’\"')]*$")
_PLAIN_OPEN = re.compile(r"^[\"'‘“]?(?:[가-힣]|[A-Za-z]{2}|\d+(?![.)]\s))")
_NOUN_END = ("NN", "SN", "SW", "SL", "SS", "XSN")
# A flattened table's cells, nothing outside their brackets (`(5건: …)(3,000억 원)`).
_BRACKETS_ONLY = re.compile(r"^(?:\([^()]*\)\s*)+$")


def is_fragment(text: str) -> bool:
    """A line with no sentence's ending: it closes on a noun, a figure or a
    symbol, and Kiwi finds no final ending anywhere in it."""
    if _BRACKETS_ONLY.match(text):
        return True
    if _SENTENCE_STOP.search(text) or not _PLAIN_OPEN.match(text):
        return False
    tk = korean.tokens(text)
    return bool(tk) and tk[-1].tag.startswith(_NOUN_END) and not any(t.tag.startswith("EF") for t in tk)


_BIGRAM = re.compile(r"(?=([가-힣A-Za-z0-9]{2}))")  # overlapping, never across a space


def _features(text: str) -> Counter[str]:
    """Character bigrams inside words: robust to Korean particles and endings."""
    return Counter(_BIGRAM.findall(text.lower()))


def _weigh(units: list[_Unit]) -> None:
    raw = [_features(u.text) for u in units]
    n = len(units)
    # Iterating a Counter gives its keys: one count over all sentences, keys
    # in first-seen order as with one update per sentence.
    df: Counter[str] = Counter(chain.from_iterable(raw))
    # Document frequencies are small integers: one log per distinct count.
    by_count = {c: math.log((n + 1) / (c + 1)) + 1 for c in set(df.values())}
    idf = {g: by_count[c] for g, c in df.items()}
    log = math.log
    for u, f in zip(units, raw):
        vals = [(1 + log(c) if c > 1 else 1.0) * idf[g] for g, c in f.items()]
        norm = math.sqrt(sum([x * x for x in vals])) or 1.0
        u.vec = dict(zip(f, [x / norm for x in vals]))
        u.keys = frozenset(u.vec)
        u.peak = max(u.vec.values(), default=0.0)
    # Centrality: cosine with the article's centroid, the normalised sum of
    # all sentence vectors (which holds every bigram of every sentence).
    total: dict[str, float] = {}
    get = total.get
    for u in units:
        for g, x in u.vec.items():
            total[g] = get(g, 0.0) + x
    length = math.sqrt(sum([x * x for x in total.values()])) or 1.0
    for i, u in enumerate(units):
        centrality = sum([x * total[g] for g, x in u.vec.items()]) / length
        numeric = sum(1 for f in u.facts if f.kind in NUMERIC_KINDS)
        entities = sum(1 for f in u.facts if f.kind in ENTITY_KINDS)
        density = min(1.0, (numeric + 0.5 * entities) / 3)
        position = 0.35 if i == 0 else 0.15 * (1 - i / n)
        # A question (an anchor's, a rhetorical one) reports nothing.
        question = _is_question(u)
        u.info = 0.0 if question else density
        u.score = centrality + position + 0.4 * density - (0.3 if question else 0.0)


def _is_question(u: _Unit) -> bool:
    return u.text.rstrip("”’\"') ").endswith("?")


# -- sections ----------------------------------------------------------------


def _sections(article: Article, units: list[_Unit], settings: ComposeSettings,
              heads: list[bool]) -> list[tuple[str | None, list[_Unit]]]:
    limit = max(1, settings.sections)
    if any(heads):
        return _by_subheadings(article, units, limit, heads)
    # About three sentences a section, as in the seed; a short item stays whole.
    n = len(units)
    k = 1 if n < 6 else min(limit, math.ceil(n / 3))
    cuts = _segment(units, k)
    bounds = [0, *cuts, len(units)]
    return [(None, units[a:b]) for a, b in zip(bounds, bounds[1:])]


def _by_subheadings(article: Article, units: list[_Unit], limit: int,
                    heads: list[bool]) -> list[tuple[str | None, list[_Unit]]]:
    groups: list[tuple[str | None, list[_Unit]]] = []
    current: tuple[str | None, list[_Unit]] = (None, [])
    block_heading: dict[int, str] = {}
    heading: str | None = None
    for bi, b in enumerate(article.blocks):
        if heads[bi]:
            heading = clean_subheading(b.text) or None
        block_heading[bi] = heading  # type: ignore[assignment]
    for u in units:
        h = block_heading.get(u.sent.block)
        if h != current[0] or not current[1]:
            if current[1]:
                groups.append(current)
            current = (h, [u])
        else:
            current[1].append(u)
    if current[1]:
        groups.append(current)
    # A one-sentence lead before the first subheading joins that section.
    if len(groups) > 1 and groups[0][0] is None and len(groups[0][1]) < 2:
        groups[1] = (groups[1][0], groups[0][1] + groups[1][1])
        groups.pop(0)
    # Too many subheadings for the post: fold the smallest section into the
    # one before it (the earlier heading introduces both).
    while len(groups) > limit:
        j = min(range(1, len(groups)), key=lambda i: (len(groups[i][1]), i))
        groups[j - 1] = (groups[j - 1][0], groups[j - 1][1] + groups[j][1])
        groups.pop(j)
    # Too few: a long stretch under one subheading (or none) is split by
    # topic like an article without subheadings; its first part keeps the
    # subheading, later parts get headings of their own.
    for _ in range(limit):
        if len(groups) >= limit:
            break
        j = max(range(len(groups)), key=lambda i: (len(groups[i][1]), -i))
        heading, members = groups[j]
        if len(members) < 6:
            break
        k = min(limit - len(groups) + 1, math.ceil(len(members) / 3))
        bounds = [0, *_segment(members, k), len(members)]
        parts = [members[a:b] for a, b in zip(bounds, bounds[1:])]
        groups[j:j + 1] = [(heading if i == 0 else None, part) for i, part in enumerate(parts)]
    return groups


def _segment(units: list[_Unit], k: int) -> list[int]:
    """Cut positions (start index of sections 2..k), TextTiling-style.

    Each gap scores the similarity of the two sentences either side of it
    (a cut inside a paragraph costs extra); dynamic programming picks k-1
    cuts minimising gap similarity plus a penalty for uneven sections.
    """
    n = len(units)
    if k <= 1 or n < 2:
        return []
    # Windows of two sentences either side of each gap. Cosine of window
    # sums from pairwise dots of unit vectors: |a+b|^2 = 2 + 2 a.b,
    # (a+b).(c+d) = a.c + a.d + b.c + b.d (summed in that order).
    # near[a][d - 1] is the cosine of sentences a and a + d (d = 1..3).
    vecs = [(u.keys, u.vec) for u in units]
    near = []
    for a in range(n):
        ka, va = vecs[a]
        near.append([sum([va[g] * vb[g] for g in ka & kb]) for kb, vb in vecs[a + 1:a + 4]])  # _sim, inlined
    gap = []
    for i in range(1, n):
        two_right = i + 1 < n
        if i >= 2:
            l0, l1 = near[i - 2], near[i - 1]
            cross = l0[1] + l0[2] + l1[0] + l1[1] if two_right else l0[1] + l1[0]
            ll = 2 + 2 * l0[0]
        else:
            cross = near[0][0] + near[0][1] if two_right else near[0][0]
            ll = 1
        rr = 2 + 2 * near[i][0] if two_right else 1
        same_block = units[i - 1].sent.block == units[i].sent.block
        gap.append(cross / math.sqrt(max(ll, 1e-9) * max(rr, 1e-9)) + (0.2 if same_block else 0.0))
    min_len = 2 if n >= 2 * k else 1
    avg = n / k
    max_len = max(min_len, math.ceil(2 * avg))  # longer sections cost too much balance anyway
    # Cut between paragraphs when there are enough of them: a writer's own
    # paragraph break is the best topic boundary there is.
    paragraph_cuts = [i for i in range(1, n) if units[i - 1].sent.block != units[i].sent.block]
    allowed = set(paragraph_cuts) if len(paragraph_cuts) >= 2 * (k - 1) else set(range(1, n))
    # Never between a sentence and the one pointing back at it (`이에 따라 …`).
    free = {i for i in allowed if not is_anaphoric(units[i].text)}
    allowed = free if len(free) >= k - 1 else allowed
    points = [0, *sorted(allowed), n]
    balance = [0.5 * ((m - avg) / avg) ** 2 for m in range(n + 1)]
    inf = float("inf")
    # best[j][i]: cost of splitting units[:i] into j sections; prev for backtracking.
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    prev = [[-1] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    cut_cost = [0.0, *gap]  # cutting before unit p costs gap[p - 1]; the start costs 0.0
    inner = points[1:-1]
    for j in range(1, k + 1):
        row, last, back = best[j], best[j - 1], prev[j]
        # Only reachable p with min_len <= i - p <= max_len can end a section at i,
        # and only the last section ends at n.
        starts = [p for p in points if last[p] != inf]
        for i in (inner if j < k else (n,)):
            for p in starts[bisect_left(starts, i - max_len):bisect_right(starts, i - min_len)]:
                cost = last[p] + balance[i - p] + cut_cost[p]
                if cost < row[i] - 1e-12:
                    row[i] = cost
                    back[i] = p
    if best[k][n] == inf:
        return _segment_even(n, k, {i for i in range(1, n) if not is_anaphoric(units[i].text)})
    cuts = []
    i, j = n, k
    while j > 0:
        p = prev[j][i]
        if p > 0:
            cuts.append(p)
        i, j = p, j - 1
    return sorted(cuts)


def _segment_even(n: int, k: int, free: set[int]) -> list[int]:
    """Even cuts, each moved to the nearest position in `free` (not before a
    sentence pointing back) where one is near and not taken."""
    cuts: list[int] = []
    for j in range(1, k):
        even = round(n * j / k)
        near = sorted((c for c in free if abs(c - even) <= 1 and c not in cuts), key=lambda c: (abs(c - even), -c))
        cuts.append(near[0] if near else even)
    return sorted(set(cuts))


def _select(members: list[_Unit], chosen: list[_Unit], limit: int) -> list[_Unit]:
    sel: list[_Unit] = []
    bound = REDUNDANT - 1e-9
    for u in sorted(members, key=lambda u: (-u.score, u.sent.index)):
        if len(sel) >= max(1, limit):
            break
        if u.fragment:
            continue
        # Cosine with each earlier choice above REDUNDANT: a repeat. Each
        # shared bigram adds at most u.peak * c.peak, so few shared bigrams
        # cannot reach the threshold and the sum need not be taken (the
        # margin covers rounding). Inlined: this runs for every chosen pair.
        keys, peak, vec = u.keys, u.peak, u.vec
        for c in (*chosen, *sel):
            shared = keys & c.keys
            if len(shared) * peak * c.peak < bound:
                continue
            cv = c.vec
            if sum([vec[g] * cv[g] for g in shared]) > REDUNDANT:
                break
        else:
            sel.append(u)
    return sorted(sel, key=lambda u: u.sent.index)


