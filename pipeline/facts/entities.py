"""Organisations, people and quoted programme names.

Rules and dictionaries rather than Kiwi: Kiwi's tagger costs ~13 µs/char and
still tags names such as `안덕근` as common nouns, while news names people in
a fixed shape (`이름 [기관] 직함`) and government bodies from a closed list.
Beyond that shape: a role before a name (`선발 임찬규`, `지휘자 정명진`), a
player named by the play (`양의지의 투런 홈런`), KBO clubs as whole names
(`LG 트윈스`), name suffixes (`워든캐피털`, `샤롯데씨어터`), and a company
nobody listed, learned from `정도현 라온칩스 대표` and found again in the article.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any

_MINISTRIES = (
    "기획재정부 재정경제부 기획예산처 교육부 과학기술정보통신부 외교부 통일부 법무부 국방부 행정안전부 국가보훈부 "
    "문화체육관광부 농림축산식품부 산업통상자원부 산업통상부 기후에너지환경부 보건복지부 환경부 고용노동부 "
    "성평등가족부 여성가족부 국토교통부 해양수산부 중소벤처기업부 인사혁신처 법제처 식품의약품안전처 국가데이터처 "
    "통계청 국세청 관세청 조달청 경찰청 소방청 기상청 산림청 특허청 질병관리청 병무청 방위사업청 문화재청 국가유산청 "
    "농촌진흥청 해양경찰청 새만금개발청 재외동포청 우주항공청 대검찰청 금융위원회 공정거래위원회 방송통신위원회 "
    "국민권익위원회 개인정보보호위원회 원자력안전위원회 금융감독원 한국은행 국무조정실 대통령실 국회 감사원 국가정보원 "
    "헌법재판소 대법원 중앙선거관리위원회 국가인권위원회 국토부 산업부 복지부 과기정통부 기재부 중기부 행안부 문체부 "
    "농식품부 해수부 고용부 노동부 여가부 국방부 교육청 한국거래소 국민연금공단 건강보험심사평가원 국민건강보험공단 "
    "한국토지주택공사 한국전력공사 한국전력 한전 코레일 한국철도공사 한국도로공사 한국수자원공사 "
    "삼성전자 SK하이닉스 LG전자 LG에너지솔루션 현대자동차 현대차 기아 네이버 카카오 포스코 포스코홀딩스 한화 롯데 "
    "셀트리온 삼성바이오로직스 KT SK텔레콤 LG유플러스 쿠팡 HD현대 한화에어로스페이스 두산에너빌리티 CJ제일제당 "
    "애플 구글 엔비디아 TSMC 인텔 테슬라 마이크로소프트 아마존 오픈AI "
    "OECD IMF WTO WHO UN 유엔 세계은행 IEA OPEC EU 유럽연합 국제통화기금 경제협력개발기구 FIFA IOC 연준 ECB "
    "KDI 한국개발연구원 한국경제인협회 대한상공회의소 한국무역협회 전국경제인연합회 중소기업중앙회 한국노총 민주노총 "
    "민주당 서울대 연세대 고려대 카이스트 KAIST 포스텍 성균관대 한양대 이화여대 서강대 중앙대 경희대 부산대 경북대 "
    "전남대 충남대 전북대 충북대 강원대 제주대 "
    "삼성 LG SK 현대 인터폴 한국수력원자력 한수원 더불어민주당 국민의힘 조국혁신당 개혁신당 정의당 진보당 "
    # Major institutions news names without a telling suffix.
    "국회예산정책처 국회입법조사처 국회사무처 중앙재난안전대책본부 중대본 중앙사고수습본부 중수본 중앙방역대책본부 "
    "연방준비제도 연방준비제도이사회 유럽중앙은행 일본은행 중국인민은행 영란은행 국제결제은행 BIS 국제노동기구 ILO "
    "한국교육과정평가원 평가원 한국농수산식품유통공사 aT 농협 농협중앙회 NH농협 수협 신협 하나로마트 "
    "이마트 홈플러스 롯데마트 코스트코 예술의전당 세종문화회관 국립극장 롯데콘서트홀 서울시향 KBS교향악단 "
    # Names ending in a common syllable (화웨이, 메타, 새마을금고) are left out on purpose:
    # every word ending like a listed name is looked at, which costs time on every article.
    "소프트뱅크 텐센트 폭스콘 ASML 퀄컴 AMD 브로드컴 "
    "KBS MBC SBS EBS JTBC YTN 연합뉴스 "
    # Professional sports bodies and the KBO clubs' short names.
    "KBO 한국야구위원회 KBL KOVO WKBL 대한축구협회 한국프로축구연맹 대한체육회 MLB NBA 두산 KIA SSG 키움"
).split()
# A body some outlets write by an informal short name (`과기부`), with the
# names it goes by itself: where the source also names it so, a post says the
# first of those throughout (one name a post). A source that does not keeps
# its word: `과기부` was also 과학기술부 (1998-2008).
NAME_VARIANTS: dict[str, tuple[str, ...]] = {
    "과기부": ("과기정통부", "과학기술정보통신부"),
}
# KBO clubs: `LG 트윈스` is one name; its parts alone (`LG`, `한화`) name the company.
_TEAMS = re.compile(
    r"(?:LG|두산|KIA|기아|삼성|롯데|한화|SSG|NC|KT|kt|키움)\s?"
    r"(?:트윈스|베어스|타이거즈|라이온즈|자이언츠|이글스|랜더스|다이노스|위즈|히어로즈)"
)
_TEAM_NICKS = frozenset("트윈스 베어스 타이거즈 라이온즈 자이언츠 이글스 랜더스 다이노스 위즈 히어로즈".split())
# Roles written before a name (`4번 타자 문보경이`, `지휘자 정명진이`): only
# three-syllable names with a surname, so `선발 인원을` stays a phrase.
_ROLE_BEFORE = re.compile(
    r"(?P<role>타자|선발|선발투수|마무리|마무리투수|투수|포수|주장|지휘자|주연|조연|연출가|작곡가|피아니스트|"
    r"바이올리니스트|첼리스트|소프라노|테너|바리톤|공격수|수비수|골키퍼|유격수|외야수|내야수|미드필더)"
    r"\s(?P<name>[가-힣]{3})(?:은|는|이|가|을|를|의|과|와|도|에게|이다|이었다|였다)?(?![가-힣])"
)
# A player named by the play (`양의지의 투런 홈런`, `손흥민의 결승골`).
_PLAYER_PLAY = re.compile(
    r"의\s(?:[가-힣0-9]{1,4}\s)?(?:홈런|안타|2루타|3루타|결승타|적시타|희생플라이|"
    r"결승골|동점골|선제골|골|도움|어시스트|세이브|호투|역투|완투|완봉)(?=$|[^가-힣]|으로|로|이|가|을|를|은|는|과|와|도|에|의|만|까지|포|왕)"
)
# Titles that name a company's officer: `정도현 라온칩스 대표` makes 라온칩스 a company.
_COMPANY_TITLES = frozenset("대표 대표이사 회장 부회장 사장 부사장 창업자 최고경영자 전무 상무 의장".split())
_CITIES = (
    "서울 부산 대구 인천 광주 대전 울산 세종 수원 성남 고양 용인 부천 안산 안양 남양주 화성 평택 의정부 시흥 파주 김포 "
    "광명 군포 하남 오산 이천 안성 의왕 양주 구리 포천 동두천 과천 여주 춘천 원주 강릉 동해 태백 속초 삼척 청주 충주 "
    "제천 천안 공주 보령 아산 서산 논산 계룡 당진 전주 군산 익산 정읍 남원 김제 목포 여수 순천 나주 광양 포항 경주 "
    "김천 안동 구미 영주 영천 상주 문경 경산 창원 진주 통영 사천 김해 밀양 거제 양산 제주 서귀포"
).split()
_COUNTIES = (
    "양평 가평 연천 홍천 횡성 영월 평창 정선 철원 화천 양구 인제 고성 양양 보은 옥천 영동 증평 진천 괴산 음성 단양 "
    "금산 부여 서천 청양 홍성 예산 태안 완주 진안 무주 장수 임실 순창 고창 부안 담양 곡성 구례 고흥 보성 화순 장흥 "
    "강진 해남 영암 무안 함평 영광 장성 완도 진도 신안 군위 의성 청송 영양 영덕 청도 고령 성주 칠곡 예천 봉화 울진 "
    "울릉 의령 함안 창녕 남해 하동 산청 함양 거창 합천 기장 달성 강화 옹진 울주"
).split()
_DISTRICTS = (
    "종로 중 용산 성동 광진 동대문 중랑 성북 강북 도봉 노원 은평 서대문 마포 양천 강서 구로 금천 영등포 동작 관악 서초 "
    "강남 송파 강동 해운대 수영 사하 금정 연제 부산진 동래 남 북 동 서 수성 달서 미추홀 연수 남동 부평 계양 유성 대덕 "
    "광산 분당 수정 중원 일산동 일산서 덕양 기흥 처인 수지 팔달 영통 권선 장안"
).split()
_PROVINCES = (
    "서울특별시 부산광역시 대구광역시 인천광역시 광주광역시 대전광역시 울산광역시 세종특별자치시 경기도 강원도 "
    "강원특별자치도 충청북도 충청남도 전라북도 전북특별자치도 전라남도 경상북도 경상남도 제주특별자치도 제주도 "
    "충북도 충남도 전북도 전남도 경북도 경남도"
).split()
_TITLES = (
    "대통령 국무총리 총리 부총리 사회부총리 경제부총리 장관 차관 제1차관 제2차관 청장 처장 차장 위원장 부위원장 "
    "국회의원 의원 대표 원내대표 시장 도지사 지사 군수 구청장 교육감 총장 회장 부회장 사장 부사장 대표이사 이사장 "
    "원장 부원장 본부장 실장 국장 과장 센터장 소장 연구위원 선임연구위원 수석연구위원 교수 감독 코치 선수 대변인 "
    "수석 비서실장 정책실장 단장 팀장 의장 부의장 총재 부총재 행장 대사 연구원 애널리스트 이코노미스트 판사 "
    "검찰총장 수사대장 대장 주석 국무장관 재무장관 위원 이사 상무 전무 부장 교사 변호사 경제학자"
).split()
_SURNAMES = set(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉"
)
_NOT_NAMES = set(
    "정부는 이번에 이날은 조사에 최근에 한국은 반도체 하반기 상반기 지난해 전문가 관계자 지자체 이번 이날 정부 한국 "
    "국내 주요 공공 민간 여당 야당 기업 전국 지역 신규 장기 전체 임금 홍보 노동 노조 우리 우선 도내 나라 남부 마련 "
    "변경 설명 연구 연합 고용 성장 구조 문화 표준 유지 조정 방안 안전 강화 사업 이후 당시 현재 전임 신임 차기 역대 "
    "대한 한편 또한 이어 이에 오는 오후 오전 최대 최소 최고 전날 금융 경제 교육 산업 외교 국방 통일 보건 환경 "
    "고용노동 국토 해양 중소 농림 문화체육 과학 기획 행정 인사 법무 식품 관계 담당 해당 각국 양국 미국 중국 일본 "
    "연방 유럽 국제 세계 정책 위원 대표 원장 이사 부총리 총리 차관 장관 기자 특파원 여야 노사 동시 방문 회의 "
    "서울 부산 경기 인천 대구 광주 대전 울산 세종 강원 충북 충남 전북 전남 경북 경남 제주 국회 정당 시장 도지사 "
    "김장 이상 이하 이전 이내 조기 진행 진출 심사 지원 기반 성과 경영 공동 명예 전직 현직 고위 선임 수석 책임 "
    "시도 시군 구청 도청 시청 군청 관련 한국인 외국인 내국인 원내 지도부 당대표 상임 부장 국장 부동산 주택가 전세가 "
    "유통업 이차전지 반도체 조선업 정유사 여행사 서비스 금융권 고령층 청년층 중장년 임차인 임대인 구매자 소비자 "
    "노동자 사용자 생산자 제조사 도매상 소매상 하도급 원청사 협력사 계열사 자회사 모회사 지주사 증권가 은행권 "
    "보험사 카드사 통신사 건설사 시행사 시공사 정비업 조합원 국민들 시민들 주민들 학부모 학생들 교사들 전체적"
    .split()
)
_ORG_SUFFIX = ("위원회 공사 공단 진흥원 연구원 연구소 재단 협회 연합회 협의회 중앙회 은행 증권 생명 화재 전자 그룹 "
               "보증기금 금융지주 홀딩스 중공업 제철 해운 엔터테인먼트 자산운용 캐피탈 항공 제약 일보 신문 방송 통신사 연맹 총연맹 약사회 의사회 치과의사회 한의사회 대학교 병원 평가원 정보원 진흥공단 개발공사 교육청 상공회의소 거래소 보험공사 신용보증기금 "
               "지법 지검 고법 고검 법원 검찰청 지방법원 고등법원 지방검찰청 경찰청 경찰서 소방서 정책연구원 연구위원회 "
               "캐피털 캐피탈 컴퍼니 씨어터 시어터 교향악단 관현악단 오케스트라 필하모닉 합창단 발레단 오페라단 "
               "대책본부 예산정책처 엔터 파트너스 인베스트먼트 벤처스").split()


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_LOCAL = re.compile(
    rf"(?:{_alt(_PROVINCES)}|(?:{_alt(_CITIES)})(?:특별시|광역시|특별자치시|시)|(?:{_alt(_COUNTIES)})군"
    rf"|(?:{_alt(_DISTRICTS)})구)(?:교육청|청|의회)?"
)
_ORG_SET = frozenset(_MINISTRIES) | {"한은", "금감원", "공정위", "금융위", "방통위", "권익위", "선관위", "인권위"}
_ORG_SUFFIX_T = tuple(_ORG_SUFFIX)
_GENERIC_ORG = frozenset(
    "시중은행 지방은행 국책은행 인터넷은행 중앙은행 저축은행 대형은행 대학병원 종합병원 상급종합병원 요양병원 동물병원 "
    "공공기관 위원회 대학교 연구소 연구원 협회 재단 공사 공단 은행 증권 병원 그룹 전자 지방자치단체 선임연구원 책임연구원 "
    "벤처캐피털 벤처캐피탈 사모펀드 엔터테인먼트 시립교향악단 국립오케스트라 민간오케스트라 저비용항공 국적항공 대형항공 민간항공 종합일보 지역신문 종이신문 공영방송 지상파방송 민영방송 "
    "수석연구원 연구위원회 각급학교 해당은행 외국은행 주요은행 증권사 보험사 협의회 조합 대한민국".split()
)
_TITLE_SET = frozenset(_TITLES)
# Words that may stand between a name and its title: `김철수 전 장관`, `트럼프 미국 대통령`.
_TITLE_MODIFIERS = frozenset("겸 전 현 신임 초대 차기 당시 직전 前 現".split())
_COUNTRIES = frozenset(
    "미국 중국 일본 러시아 영국 프랑스 독일 북한 우크라이나 인도 캐나다 호주 베트남 대만 이탈리아 스페인 브라질 "
    "멕시코 인도네시아 사우디아라비아 이스라엘 이란 튀르키예 폴란드 체코 헝가리 네덜란드 스웨덴 몽골 태국 필리핀".split()
)
_FOREIGN_TITLES = frozenset("국가주석 주석 국무장관 재무장관 국방장관 상무장관 총재 의장 외무장관 외교장관 대사".split())
# 전 대표 (former), 현 정부 (current), 고 회장 (late): modifiers, not surnames.
_NOT_SURNAME_ONLY = frozenset("전현구신고부총각차주원대소초")
# Titles that are not also everyday nouns (시장 "market", 대표 "typical"): only
# these may follow a two-syllable name.
_STRONG_TITLES = frozenset("대통령 국무총리 총리 부총리 사회부총리 경제부총리 장관 차관 청장 처장 위원장 부위원장 국회의원 의원 "
                           "도지사 군수 구청장 교육감 총장 총재 행장 원내대표 비서실장".split())
_TITLE_T = tuple(sorted(_TITLES, key=len, reverse=True))
_ORGISH_T = ("부", "처", "청", "원", "회", "시", "도", "군", "구", "사", "단", "소", "실", "당", "국", "은행", "그룹",
             "전자", "학교", "대", "센터", "공사", "공단", "재단", "협회", "팀", "본부", "위")
_PARTICLES_LIST = ("으로서 으로써 으로 에서는 에서 에게 께서 과의 와의 이다 이며 이고 이나 이었다 였다 까지 부터 처럼 보다 에는 "
                   "에도 측은 측이 측 은 는 이 가 을 를 의 에 와 과 도 로 만 쪽").split()
_HOT_LAST = frozenset(w[-1] for w in (*_TITLES, *_ORG_SUFFIX, *_MINISTRIES, "한은", "금감원", "공정위",
                                     "금융위", "방통위", "권익위", "선관위", "인권위")) | set("시군구도청회")
_W = "가-힣A-Za-z0-9㈜&"
_HOT_CLS = "".join(sorted(_HOT_LAST))
_PARTICLES_BY_LEN: dict[int, list[str]] = {}
for _p in _PARTICLES_LIST:
    _PARTICLES_BY_LEN.setdefault(len(_p), []).append(_p)
# A whole word (`[W]++`, no backtracking) that ends in a hot character, alone or
# before a particle: one fixed-width look-back per particle length instead of
# backtracking through the word trying every particle at every split.
# Same matches as `(?<![W])(?:㈜[W]+|[W]*[HOT](?:particle)?)(?![W])`.
_HOT = re.compile(
    rf"(?<![{_W}])(?:㈜[{_W}]+|[{_W}]++(?:(?<=[{_HOT_CLS}])"
    + "".join(f"|(?<=[{_HOT_CLS}](?:{'|'.join(ps)}))" for _, ps in sorted(_PARTICLES_BY_LEN.items()))
    + "))"
)
_TOKEN_END = re.compile(rf"(?<![{_W}])[{_W}]+$")
_TOKEN = re.compile(r"[가-힣A-Za-z0-9㈜&]+")
_PARTICLE = re.compile(
    r"(?:으로서|으로써|으로|에서는|에서|에게|께서|과의|와의|이다|이며|이고|이나|이었다|였다|까지|부터|처럼|보다|에는|에도|"
    r"측은|측이|측|은|는|이|가|을|를|의|에|와|과|도|로|만|쪽)$"
)
_PARTICLE_LAST = frozenset("은는이가을를의에와과도로만쪽서게다며고나지터럼다측")
_CO_PREFIX = re.compile(r"(?:\(주\)|주식회사)\s?(?P<name>[가-힣A-Za-z0-9&]+)")
_ANON = re.compile(r"(?<![A-Za-z가-힣])(?P<name>[A-Z]|[가-힣]모)\s?씨(?:\s?\((?P<age>\d{1,3})\))?")
_NAMED_SSI = re.compile(r"(?<![가-힣])(?P<name>[가-힣]{3})\s씨(?:\s?\((?P<age>\d{1,3})\))?(?=$|[^가-힣]|는|가|의|에게|와|도|를|은|이)")
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_QUOTE = re.compile(r"'([^'\n]{2,40})'|‘([^‘’\n]{2,40})’|\"([^\"\n]{2,40})\"|“([^“”\n]{2,40})”|「([^「」\n]{2,40})」|『([^『』\n]{2,40})』")
_SPEECH_AFTER = re.compile(r"\s?(?:이?라고|이?라며|이?라는\s?(?:말|입장|설명|지적|의견|주장|뜻)|며\s|고\s|하고)")
_SITE_AFTER = re.compile(r"\s?(?:누리집|홈페이지|사이트|웹사이트|앱|애플리케이션|어플|계정|채널|블로그|카페|포털|메일)")
_PROGRAMME_HEADS = tuple(
    "사업 정책 방안 제도 계획 전략 프로젝트 프로그램 지원 지원금 수당 기금 펀드 카드 특구 단지 센터 대학 법 특별법 조례 "
    "캠페인 축제 박람회 대회 포럼 패키지 바우처 소득 연금 보험 서비스 플랫폼 페이 대책 로드맵 비전 이니셔티브 협약 "
    "협정 운동 인증 표준 체계 모델 시스템 과제 구상 지구 벨트 밸리 허브 클러스터 타운 파크 통장 적금 요금제 패스 "
    "쿠폰 상품권 이용권 목표 방향 정책방향 도시 학교 아카데미 공모전 공모 시범사업 특화단지 기본계획 종합계획 "
    "경제정책방향 개편안 개정안 법안 예산안 위원회 투어 주간 데이 페스티벌 엑스포 챌린지사업 바우처사업 "
    "동향 보고서 백서 실태조사 가이드라인 리포트".split()
)
_ACRONYM_INNER = re.compile(r"\([A-Z][A-Za-z0-9&\-]{1,9}\)")
# `'2025년 글로컬대학 30'`, `'5월 수출입 동향'`: a year, a month or a trailing number marks a title.
_YEAR_OR_NUMBER = re.compile(r"(?:19|20)\d\d|\d+$|(?<!\d)(?:1[0-2]|[1-9])월\s")
_PROGRAMME_AFTER = re.compile(r"\s?(?:사업|정책|제도|프로그램|캠페인|프로젝트|정책을|사업을|사업에|사업의|사업은|제도를|제도가)")
_HANGUL_ONLY = re.compile(r"[가-힣]+")
_LETTER = re.compile(r"[가-힣A-Za-z]")
_NOT_PROGRAMME_BEFORE = re.compile(r"태풍\s?$")
_LEVEL_AFTER = re.compile(r"\s?(?:등급|단계|수준|경보|주의보)")
_VERB_END = re.compile(r"(?:다|요|죠|까|냐|니다|네요|군요|어라|아라)[.!?…]*$")


@dataclass
class Ent:
    kind: str
    start: int
    end: int
    value: str
    attrs: dict[str, Any] = field(default_factory=dict)


_AFTER_NAME = rf"$|[^{_W}]|(?:{'|'.join(sorted(_PARTICLES_LIST, key=len, reverse=True))})(?![{_W}])"
_AFTER_NAME_RE = re.compile(_AFTER_NAME)


def _in_word(text: str, pos: int, latin: bool = False) -> bool:
    """Whether the character before pos continues a word (Hangul, or also Latin/digits)."""
    if pos <= 0:
        return False
    c = text[pos - 1]
    return "가" <= c <= "힣" or (latin and (c.isascii() and c.isalnum()))


def _ssi_matches(rx: re.Pattern[str], text: str, backs: tuple[int, ...]) -> list[re.Match[str]]:
    """rx's matches, found from each 씨 backwards: 씨 is rare, names before it are short,
    so this beats letting the regex try every position. `backs` are the possible
    distances from a match's start to its 씨, longest first (leftmost match wins)."""
    out: list[re.Match[str]] = []
    last_end = 0
    pos = text.find("씨")
    while pos != -1:
        for k in backs:
            st = pos - k
            if st < last_end:
                continue
            m = rx.match(text, st)
            if m is not None and st + m.group(0).find("씨") == pos:
                out.append(m)
                last_end = m.end()
                break
        pos = text.find("씨", pos + 1)
    return out


def _unknown_company(tok: str) -> bool:
    """A word that could be a company name nobody listed: letters only, no particle, not a known word."""
    return (2 <= len(tok) <= 10 and re.fullmatch(r"[가-힣A-Za-z&]+", tok) is not None and _cores(tok) == [tok]
            and tok not in _NOT_NAMES and tok not in _COUNTRIES and tok not in _TITLE_SET
            and tok not in _GENERIC_ORG and tok not in _TITLE_MODIFIERS and not tok.endswith(_TITLE_T))


def _looks_like_programme(inner: str, text: str, after: int) -> bool:
    # Korean news quotes catchwords as often as names; a name's head noun
    # (its last word) says what it is, or it carries an acronym or a year.
    last = inner.split()[-1]
    if last.endswith(_PROGRAMME_HEADS) or _ACRONYM_INNER.search(inner):
        return True
    if _YEAR_OR_NUMBER.search(inner) and len(inner.split()) >= 2:
        return True
    return _PROGRAMME_AFTER.match(text, after) is not None


def find_programmes(text: str) -> list[Ent]:
    out: list[Ent] = []
    for m in _QUOTE.finditer(text):
        gi = m.lastindex or 0  # the one quote style's group that matched
        inner = m.group(gi)
        s, e = m.start(gi), m.end(gi)
        if inner != inner.strip() or any(c in inner for c in ".?!。…") or _VERB_END.search(inner):
            continue
        if len(inner.split()) > 7:
            continue
        if _SITE_AFTER.match(text, m.end()) or _SPEECH_AFTER.match(text, m.end()):
            continue
        if text[m.end():m.end() + 1] in ("는", "란") and gi <= 4:
            continue  # '…'는 / '…'란: a quoted phrase being characterised
        if not _LETTER.search(inner):
            continue
        if not _looks_like_programme(inner, text, m.end()):
            continue  # '백지화', '짠테크': quoted words and slogans, not names
        if _NOT_PROGRAMME_BEFORE.search(text, max(0, m.start() - 4), m.start()) or _LEVEL_AFTER.match(text, m.end()):
            continue  # 태풍 '산산', '매우 강' 등급
        out.append(Ent("programme", s, e, inner))
    return out


_PARTICLES = frozenset(_PARTICLES_LIST)


_NEITHER: tuple[str | None, str | None] = (None, None)


@lru_cache(maxsize=65536)
def _classify(tok: str) -> tuple[str | None, str | None]:
    """(title, organisation) a word carries, after any particle; cached because
    news vocabulary repeats from article to article."""
    cands = _cores(tok)
    org = next((c for c in cands if _is_org(c)), None)
    return _title_of(cands), org


def _cores(tok: str) -> list[str]:
    """The token and, if it ends in a particle, the token without it (longest particle first)."""
    if tok[-1] not in _PARTICLE_LAST:
        return [tok]
    for k in (3, 2, 1):
        if len(tok) > k and tok[-k:] in _PARTICLES:
            return [tok, tok[:-k]]
    return [tok]


def _is_org(core: str) -> bool:
    if core in _ORG_SET:
        return True
    if core in _GENERIC_ORG:
        return False
    if core.startswith("㈜") and len(core) > 1:
        return True
    if core.endswith(_ORG_SUFFIX_T):
        return len(core) >= 4
    return core[-1] in "시군구도청회" and _LOCAL.fullmatch(core) is not None


def _title_of(cands: list[str]) -> str | None:
    for core in cands:
        if core in _TITLE_SET or (core.endswith(_TITLE_T) and len(core) >= 3):
            return core
    return None


def _is_name(tok: str) -> bool:
    return (2 <= len(tok) <= 3 and tok[0] in _SURNAMES and tok not in _NOT_NAMES and tok not in _ORG_SET
            and tok[-1] not in "는을를의에와과로도은" and all("가" <= c <= "힣" for c in tok))


def _is_foreign_name(tok: str) -> bool:
    return 2 <= len(tok) <= 6 and tok not in _NOT_NAMES and tok not in _ORG_SET and _HANGUL_ONLY.fullmatch(tok) is not None


def _prev_token(text: str, pos: int) -> tuple[int, int, str] | None:
    """The word ending one space before pos, if any."""
    if pos < 2 or text[pos - 1] != " ":
        return None
    m = _TOKEN_END.search(text, max(0, pos - 25), pos - 1)
    return (m.start(), m.end(), m.group()) if m else None


def find_entities(text: str, blocked: list[tuple[int, int]]) -> list[Ent]:
    out: list[Ent] = []
    mask = bytearray(len(text) + 1)
    for a, b in blocked:
        mask[a:b] = b"\x01" * (b - a)

    def free(s: int, e: int) -> bool:
        return 1 not in mask[s:e]

    learned: set[str] = set()

    def take(ent: Ent, upto: int | None = None) -> None:
        out.append(ent)
        end = upto if upto is not None else ent.end
        mask[ent.start:end] = b"\x01" * (end - ent.start)

    for m in _ssi_matches(_ANON, text, (3, 2, 1)):
        attrs: dict[str, Any] = {"anonymised": True}
        if m.group("age"):
            attrs["age"] = int(m.group("age"))
        end = m.start() + m.group(0).find("씨") + 1
        take(Ent("person", m.start(), end, m.group("name") + "씨", attrs))

    # Only words ending like a title or an organisation (before a particle) can anchor a match.
    # Most anchors are ordinary words carrying neither; both passes below skip those.
    hot = [(m.start(), m.end(), tok, cls) for m in _HOT.finditer(text)
           if (cls := _classify(tok := m.group())) != _NEITHER]
    for s, e, tok, (title, _) in hot:
        if title is None or not free(s, e):
            continue
        # Walk back over organisation words to the name: `안덕근 산업통상자원부 장관`.
        k = s
        steps = 0
        foreign = False
        prev = _prev_token(text, k)
        while prev is not None and steps < 3 and not _is_name(prev[2]) and (
                prev[2] in _TITLE_MODIFIERS or prev[2] in _COUNTRIES or _is_org(prev[2])
                or prev[2].endswith(_ORGISH_T) or prev[2] in _TEAM_NICKS):
            foreign = foreign or prev[2] in _COUNTRIES
            k = prev[0]
            steps += 1
            prev = _prev_token(text, k)
        if prev is None:
            continue
        if (steps == 0 and title in _COMPANY_TITLES and _unknown_company(prev[2])
                and (owner := _prev_token(text, prev[0])) is not None and len(owner[2]) == 3 and _is_name(owner[2])
                and free(owner[0], s + len(title))):
            # `정도현 라온칩스 대표`: a name, an unknown word, a company officer's title.
            learned.add(prev[2])
            full = text[prev[0]:s + len(title)]
            take(Ent("person", owner[0], owner[1], owner[2], {"title": full, "titles": [full]}), upto=s + len(title))
            continue
        ns, ne, name = prev
        if foreign and _is_foreign_name(name) and title in _STRONG_TITLES | _FOREIGN_TITLES:
            # `트럼프 미국 대통령`: a foreign name has no Korean surname to check.
            first = _prev_token(text, ns)
            if first is not None and _is_foreign_name(first[2]) and first[2] not in _COUNTRIES:
                ns = first[0]  # `도널드 트럼프`
            name = text[ns:ne]
            full = text[ne + 1:s + len(title)]
            if free(ns, s + len(title)):
                take(Ent("person", ns, ne, name, {"title": full, "titles": [full]}), upto=s + len(title))
            continue
        title_start = ne + 1
        title_end = s + len(title)
        # `사회부총리 겸 교육부 장관`: a second title joined by 겸.
        if tok == title and text.startswith(" 겸 ", e):
            pos = e + 3
            for _ in range(2):
                nxt = _TOKEN.match(text, pos)
                if not nxt:
                    break
                t2 = _title_of(_cores(nxt.group()))
                if t2:
                    title_end = nxt.start() + len(t2)
                    break
                pos = nxt.end() + 1
                if text[nxt.end():pos] != " ":
                    break
        if not free(ns, title_end):
            continue
        full = text[title_start:title_end]
        if _is_name(name) and (len(name) == 3 or title in _STRONG_TITLES):
            take(Ent("person", ns, ne, name, {"title": full, "titles": [t.strip() for t in full.split(" 겸 ")]}),
                 upto=title_end)
        elif (len(name) == 1 and name in _SURNAMES and name not in _NOT_SURNAME_ONLY and title_start == s
              and title in _TITLE_SET):
            take(Ent("person", ns, ne, name, {"title": title, "surname_only": True}), upto=title_end)

    # These scans start with literal words so the regex engine can skip ahead;
    # the "not inside a word" check before them is done by hand.
    for m in _ROLE_BEFORE.finditer(text):
        if _in_word(text, m.start()):
            continue
        name = m.group("name")
        if not _is_name(name) or name[-1] in "들이가" or not free(m.start("name"), m.end("name")):
            continue
        take(Ent("person", m.start("name"), m.end("name"), name, {"title": m.group("role"), "role_before": True}))

    for m in _PLAYER_PLAY.finditer(text):
        # The pattern starts at 의 so the scan skips quickly; the name is the three syllables before it.
        ns = m.start() - 3
        name = text[ns:m.start()] if ns >= 0 else ""
        if _in_word(text, ns) or not _is_name(name) or name[-1] in "전장회날해들":
            continue
        if free(ns, m.start()):
            take(Ent("person", ns, m.start(), name, {"role": "player"}))

    for m in _ssi_matches(_NAMED_SSI, text, (4,)):
        name = m.group("name")
        if name in _NOT_NAMES or name[0] not in _SURNAMES or not free(m.start(), m.end("name")):
            continue
        attrs = {"title": "씨"}
        if m.group("age"):
            attrs["age"] = int(m.group("age"))
        take(Ent("person", m.start("name"), m.end("name"), name, attrs))

    for m in _TEAMS.finditer(text):
        if free(m.start(), m.end()) and _AFTER_NAME_RE.match(text, m.end()) and not _in_word(text, m.start(), True):
            take(Ent("org", m.start(), m.end(), m.group(0)))
    for name in sorted(learned):
        # The company named next to its officer is the same company elsewhere in the article.
        for m in re.finditer(rf"(?<![{_W}]){re.escape(name)}(?={_AFTER_NAME})", text):
            if free(m.start(), m.end()):
                take(Ent("org", m.start(), m.end(), name, {"learned": True}))
    # Two substring checks cost a fifth of the scan, and most articles name no (주).
    for m in (_CO_PREFIX.finditer(text) if "(주)" in text or "주식회사" in text else ()):
        if free(m.start(), m.end()):
            take(Ent("org", m.start(), m.end(), m.group(0)))
    for s, e, tok, (_, core) in hot:
        if core is not None and free(s, e):
            ce = s + len(core)
            attrs = {}
            acr = _ACRONYM.match(text, ce)
            if acr:
                attrs["acronym"] = acr.group(1)
            take(Ent("org", s, ce, core, attrs), upto=acr.end() if acr else None)
    out.sort(key=lambda x: x.start)
    return out
