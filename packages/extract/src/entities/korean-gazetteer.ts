import type { EntityKind } from './types';

/**
 * A modest hand-written list of names Korean news uses all the time. Each
 * line is the one spelling we keep, then the other ways it is written
 * ("서울 서울시 서울특별시"). Written for this project, not scraped.
 */
const PLACES = `
서울 서울시 서울특별시
부산 부산시 부산광역시
인천 인천시 인천광역시
대구 대구시 대구광역시
광주 광주시 광주광역시
대전 대전시 대전광역시
울산 울산시 울산광역시
세종 세종시 세종특별자치시
경기도
강원도 강원 강원특별자치도
충청북도 충북
충청남도 충남
전라북도 전북 전북특별자치도
전라남도 전남
경상북도 경북
경상남도 경남
제주 제주도 제주특별자치도 제주시
수원 수원시
성남 성남시
고양 고양시
용인 용인시
창원 창원시
청주 청주시
전주 전주시
천안 천안시
포항 포항시
김해 김해시
평택 평택시
화성 화성시
파주 파주시
안산 안산시
여수 여수시
경주 경주시
강릉 강릉시
춘천 춘천시
원주 원주시
목포 목포시
구미 구미시
거제 거제시
판교
여의도
강남
독도
울릉도
백령도
연평도
강남구
강동구
강북구
강서구
관악구
광진구
구로구
금천구
노원구
도봉구
동대문구
동작구
마포구
서대문구
서초구
성동구
성북구
송파구
양천구
영등포구
용산구
은평구
종로구
중랑구
중구
한국 대한민국 남한
북한 조선민주주의인민공화국
미국 미합중국
중국
일본
러시아
우크라이나
영국
프랑스
독일
이탈리아
스페인
캐나다
호주
인도
베트남
태국
필리핀
인도네시아
말레이시아
싱가포르
대만
홍콩
몽골
이스라엘
팔레스타인
이란
이라크
사우디아라비아 사우디
튀르키예 터키
이집트
브라질
멕시코
아르헨티나
칠레
네덜란드
벨기에
스위스
스웨덴
노르웨이
핀란드
덴마크
폴란드
뉴질랜드
카타르
아랍에미리트 UAE
유럽
아시아
아프리카
중동
한반도
워싱턴
뉴욕
도쿄
오사카
베이징
상하이
파리
런던
베를린
모스크바
키이우
브뤼셀
제네바
평양
실리콘밸리
`;

const ORGANIZATIONS = `
기획재정부 기재부
외교부
통일부
법무부
국방부
교육부
행정안전부 행안부
국토교통부 국토부
산업통상자원부 산업부 산자부
과학기술정보통신부 과기정통부
보건복지부 복지부
고용노동부 노동부
환경부
농림축산식품부 농식품부
해양수산부 해수부
중소벤처기업부 중기부
문화체육관광부 문체부
여성가족부 여가부
국세청
관세청
경찰청
기상청
질병관리청 질병청
검찰청
대검찰청 대검
서울중앙지검
서울중앙지법
대법원
헌법재판소 헌재
국회
대통령실
청와대
감사원
국가정보원 국정원
금융위원회 금융위
금융감독원 금감원
공정거래위원회 공정위
방송통신위원회 방통위
중앙선거관리위원회 선관위
한국은행 한은
국민연금공단
건강보험심사평가원 심평원
국민건강보험공단 건보공단
한국전력공사 한전
한국토지주택공사 LH
한국도로공사
한국거래소
통계청
더불어민주당 민주당
국민의힘 국힘
조국혁신당
개혁신당
정의당
진보당
삼성전자
삼성 삼성그룹
삼성바이오로직스
SK하이닉스
SK SK그룹
SK텔레콤 SKT
LG전자
LG LG그룹
LG에너지솔루션
현대자동차 현대차
현대차그룹 현대자동차그룹
기아
네이버
카카오
쿠팡
포스코
한화
롯데
CJ
KT
셀트리온
대한항공
아시아나항공
하이브
신한은행
국민은행 KB국민은행
하나은행
우리은행
서울대학교 서울대
연세대학교 연세대
고려대학교 고려대
카이스트 KAIST 한국과학기술원
유엔 UN 국제연합
나토 NATO 북대서양조약기구
국제통화기금 IMF
세계보건기구 WHO
세계은행
유럽연합 EU
애플
구글
마이크로소프트
엔비디아
테슬라
오픈AI
연합뉴스
`;

/** Foreign people Korean news names by surname alone ("트럼프 대통령"). */
const PEOPLE = `
도널드_트럼프 트럼프
조_바이든 바이든
시진핑
블라디미르_푸틴 푸틴
볼로디미르_젤렌스키 젤렌스키
이시바_시게루 이시바
기시다_후미오 기시다
에마뉘엘_마크롱 마크롱
일론_머스크 머스크
`;

/** A gazetteer hit: what kind of entity and the spelling kept for it. */
export interface GazetteerEntry {
  kind: EntityKind;
  name: string;
}

/** Every spelling in the lists, mapped to its entry. */
export const GAZETTEER: ReadonlyMap<string, GazetteerEntry> = build();

function build(): Map<string, GazetteerEntry> {
  const map = new Map<string, GazetteerEntry>();
  const lists: [EntityKind, string][] = [
    ['places', PLACES],
    ['organizations', ORGANIZATIONS],
    ['people', PEOPLE],
  ];
  for (const [kind, list] of lists) {
    for (const line of list.trim().split('\n')) {
      const [name, ...aliases] = line.trim().split(/\s+/);
      if (!name) continue;
      const entry = { kind, name: name.replace(/_/g, ' ') };
      for (const spelling of [name, ...aliases]) map.set(spelling, entry);
    }
  }
  return map;
}
