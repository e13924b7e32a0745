from __future__ import annotations

import random
import re

import pytest

from pipeline.slug import _local_article_id, is_valid_slug, item_hash, make_slug, romanize


@pytest.mark.parametrize(
    "korean, roman",
    [
        ("직업교육", "jigeopgyoyuk"),  # final ㄱ carried over before ㅇ
        ("서울특별시", "seoulteukbyeolsi"),
        ("한국어", "hangugeo"),
        ("닭", "dak"),
        ("읽어", "ilgeo"),
        ("좋아요", "joayo"),  # silent ㅎ before a vowel
        ("부산", "busan"),
        ("외교부", "oegyobu"),
        ("의원", "uiwon"),
        ("ㅋㅋ", "kk"),  # compatibility jamo are read, not dropped
        ("２０２４ ＡＩ", "2024 AI"),  # fullwidth folded to ASCII
        ("美 北", " mi   buk "),
    ],
)
def test_romanize(korean: str, roman: str) -> None:
    assert romanize(korean) == roman


def test_seed_title_slug_has_article_id_and_hash() -> None:
    slug = make_slug("직업교육 혁신지구 ‘서울특별시’ 새로운 기회 열리다!", "https://newsdao.kr/3287", "item-1")
    assert slug.startswith("jigeopgyoyuk-hyeoksinjigu-seoulteukbyeolsi")
    assert slug.endswith(f"-3287-{item_hash('item-1')}")
    assert len(slug) <= 60 and is_valid_slug(slug)


def test_same_inputs_same_slug_and_item_id_always_distinguishes() -> None:
    a = make_slug("[속보] 같은 제목", "https://x.kr/a?idxno=5", "guid-a")
    assert a == make_slug("[속보] 같은 제목", "https://x.kr/a?idxno=5", "guid-a")
    b = make_slug("[속보] 같은 제목", "https://x.kr/a?idxno=5", "guid-b")
    assert a != b


@pytest.mark.parametrize(
    "url, aid",
    [
        ("https://www.x.kr/news/articleView.html?idxno=123456", "123456"),
        ("https://x.kr/view.php?no=77&page=2", "77"),
        ("https://x.kr/read.nhn?oid=001&aid=0014567890", "0014567890"),
        ("https://newsdao.kr/3287", "3287"),
        ("https://x.kr/news/20240101000123.html", "20240101000123"),
        ("https://x.kr/about", None),
        ("not a url", None),
    ],
)
def test_local_article_id_fallback(url: str, aid: str | None) -> None:
    assert _local_article_id(url) == aid


def test_empty_or_unromanisable_titles_fall_back_to_post_hash() -> None:
    h = item_hash("z")
    assert make_slug("", None, "z") == f"post-{h}"
    assert make_slug("😀😀 ★★", None, "z") == f"post-{h}"
    assert make_slug("!!!", "https://x.kr/?no=9", "z") == f"post-9-{h}"


def test_long_titles_cut_at_word_boundary() -> None:
    title = "정부 " * 50 + "끝"
    slug = make_slug(title, "https://x.kr/?idxno=1", "id", max_len=40)
    assert len(slug) <= 40
    words = slug.split("-")[:-2]
    assert words and all(w == "jeongbu" for w in words)
    # A single word longer than the room is hard-cut rather than dropped.
    slug = make_slug("가" * 200, None, "id", max_len=30)
    assert slug.startswith("gagaga") and len(slug) == 30


def test_tiny_max_len_still_gives_the_hash() -> None:
    assert make_slug("제목", None, "id", max_len=5) == f"post-{item_hash('id')}"


def test_path_tricks_never_survive() -> None:
    for title in ("../../etc/passwd", "a/b\\c", "..", ".hidden", "x.md", "\x00nul"):
        slug = make_slug(title, "https://x.kr/../../?no=../1", "i")
        assert is_valid_slug(slug)
        assert "/" not in slug and "." not in slug and "\\" not in slug


def test_fuzzed_titles_always_give_valid_bounded_slugs() -> None:
    rng = random.Random(4)
    alphabet = "가힣ㄱㅏ한국美北 \t\n-_./\\:[]{}#%&*!?\"'`~😀ÀéＡ０1aZ\x00\u200b"
    seen = set()
    for n in range(2000):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        max_len = rng.randint(12, 80)
        slug = make_slug(title, None, f"id-{n}", max_len=max_len)
        assert is_valid_slug(slug), (title, slug)
        assert len(slug) <= max_len
        assert re.fullmatch(r"[a-z0-9-]+", slug)
        seen.add(slug)
    assert len(seen) == 2000  # the hash keeps every item apart
