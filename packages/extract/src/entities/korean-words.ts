/**
 * Word lists the Korean recogniser reads: surnames, titles, particles and
 * the common nouns that look like place or organisation names.
 */

/** Common Korean surnames (together well over 95% of the population); two-syllable ones first. */
export const COMPOUND_SURNAMES = ['남궁', '황보', '제갈', '선우', '독고', '사공', '서문'];
export const SURNAMES = new Set(
  `김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주
   우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹
   제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 호 범 좌 팽 승 간 상 갈 단 견 당 화 창`.split(
    /\s+/,
  ),
);

/**
 * Titles written after a name ("윤석열 대통령", "홍길동 기자", "김모 씨").
 * Longest first, so "부회장" is not read as "회장".
 */
export const TITLES = [
  ...`대표이사 원내대표 비서실장 위원장 부위원장 대변인 최고위원 대통령 부총리 이사장 구청장 도지사 센터장 연구위원 연구원
   부회장 회장 부사장 사장 장관 차관 총리 의원 교수 감독 선수 기자 특파원 앵커 시장 군수 지사 청장 원장 총장
   처장 검사 판사 변호사 대법관 총재 실장 국장 팀장 소장 전무 상무 이사 작가 배우 가수 코치 주장 대표 위원
   의장 부의장 서장 소방서장 경찰서장 당선인 후보 여사 박사 전문의 애널리스트 이코노미스트 단장 본부장 행장 씨`.split(
    /\s+/,
  ),
].sort((a, b) => b.length - a.length);

/** Words between a name and its title: "문재인 전 대통령", "김철수 신임 장관". */
export const TITLE_MODIFIERS = new Set([
  '전',
  '현',
  '신임',
  '초대',
  '당시',
  '차기',
  '공동',
  '상임',
  '수석',
  '전임',
  '명예',
  '겸',
]);

/**
 * Particles and endings that follow a noun in the same word; longest first
 * so "에서는" goes before "는".
 */
export const PARTICLES = [
  ...`에서부터 으로부터 에게서 에서는 에서도 으로는 으로도 이라고 이라는 이라며 에게는 까지는 부터는 께서는 과의 와의 에서 에게 으로 부터 까지
   보다 처럼 마저 조차 께서 한테 이나 라고 라는 라며 이다 이며 에는 에도 로는 로도 은 는 이 가 을 를 의 에 와 과 도 로 만 측 내`.split(
    /\s+/,
  ),
].sort((a, b) => b.length - a.length);

/** Two- and three-syllable words that start with a surname syllable and stand before titles. */
export const NOT_NAMES = new Set(
  `이번 정부 한국 전임 신임 공동 수석 부장 상임 당시 최고 사무 원내 정책 이날 지난 오는 조직 주요 고위 현직 전직 한편 국회 여당 야당
   정당 주한 주미 주일 주중 대한 국내 해외 외국 국가 국제 민간 공공 지역 지방 중앙 연합 전국 단독 전문 경제 정치 사회 문화 국민 시민 구단
   소속 관계 한국인 미국인 일본인 중국인 현지 대형 중소 전체 부부 모두 이들 우리 해당 다른 상대 차관 장관 대표 회장 사장 의원 기자 감독 선수
   교수 위원 이사 원장 시장 총장 대통령 총리 신임 차세대 정부의 유명 인기 주전 간판 베테랑 신인 은퇴 국가대표 대표팀 전문가 관계자 담당
   당국 업계 재계 학계 법조계 정계 경찰 검찰 법원 소방 군 방송 언론 구청 시청 도청 부처`.split(/\s+/),
);

/** Common nouns ending in 시/군/구 that are not places ("당시", "연구", "대도시"). */
export const NOT_PLACES = new Set(
  `당시 동시 역시 다시 즉시 수시 임시 도시 지시 표시 개시 감시 전시 게시 무시 제시 중시 일시 평시 대도시 신도시 소도시 비상시
   유사시 평상시 필요시 위반시 발생시 적발시 계약시 사용시 이용시 연구 요구 지구 친구 도구 출구 입구 인구 항구 기구 추구 가구
   전구 탐구 강구 공동연구 국제기구 연구 해군 공군 육군 국군 아군 적군 미군 주한미군 대군 장군 구군 우리군 후보군 제품군
   상위군 하위군 고객군 환자군 위험군 대조군 실험군`.split(/\s+/),
);

/** Common nouns ending in an organisation suffix ("정부", "일부", "정당", "시중은행"). */
export const NOT_ORGS = new Set(
  `정부 일부 전부 내부 외부 본부 간부 세부 대부 가부 여부 부부 학부 이부 상부 하부 남부 북부 동부 서부 중부 지도부 수뇌부
   요청 신청 민원청 관청 시중은행 지방은행 인터넷은행 중앙은행 저축은행 상업은행 투자은행 대형은행 은행 해당 상당 정당 식당
   강당 성당 사당 당당 명당 양당 여당 야당 거대양당 제1당 원내1당 소수정당 거대정당 대학교 위원회 소위원회 운영위원회
   공사 건설공사 보수공사 도로공사 하자공사 그룹 전자 대기업집단 계열사 재단 협회`.split(/\s+/),
);
