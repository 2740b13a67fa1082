// Text patterns for boilerplate that has no reliable markup. Each is tested
// against one short line of collapsed text, never against a whole article.

/** "© 2026 X. All rights reserved", "무단전재 및 재배포 금지", "無断転載", "版权所有"... */
export const COPYRIGHT =
  /^\s*[<[(]?\s*(?:©|ⓒ|\(c\)\s*(?:\d{4}|[A-Z가-힣])|copyright\s*(?:©|ⓒ|\(c\)|\d{4}|by\b|:))|all rights reserved|무단\s*(?:전재|복제|배포)|재배포\s*금지|저작권자\s*[©ⓒ(]|無断(?:転載|複製|転用)|版权所有|版權所有|未经(?:授权|许可)|未經(?:授權|許可)|不得转载|不得轉載/i;

/** Photo credits: "사진=연합뉴스", "(Photo: Reuters)", "AP Photo/...", "写真=共同". */
// redos-safe: tested only on lines of at most 300 characters (body-lines.ts looksLikeCaption, captions.ts)
export const PHOTO_CREDIT =
  /(?:^|[\s[(/<【])(?:사진|자료사진|그래픽|이미지|영상|일러스트|출처)\s*[=:／]|^\s*[[(]?\s*(?:photo|image|picture|illustration|graphic)s?\s*(?::|by\b|credit\b|courtesy\b)|\b(?:AP|AFP|Reuters|EPA|Getty|Yonhap|Xinhua)\s*(?:photo|images?)\b|(?:写真|図|画像)\s*[=＝:：]|图片来源|(?:图|圖)\s*[/／]|\bvia getty images\b/i;

/** Headings that introduce teaser lists rather than article text. */
// redos-safe: tested only on headings of at most 40 characters (body-lines.ts, clean.ts)
export const TEASER_HEADING =
  /^\s*[[<(【▶■◆●]?\s*(?:관련\s*(?:기사|뉴스|記事)|추천\s*기사|많이\s*본\s*(?:기사|뉴스)|인기\s*(?:기사|뉴스)|핫\s*뉴스|주요\s*뉴스|이\s*시각\s*(?:주요|인기)|related(?:\s+(?:articles?|stories|coverage|content|news|links|posts|reading))?|more\s+(?:from|on|stories|news|in)\b[^.!?]{0,30}|more\s+(?:[\w-]+\s+){1,3}(?:stories|articles|news|posts|reads|videos)|read\s+more|see\s+more|recommended(?:\s+for\s+you)?|you\s+(?:may|might)\s+also\s+(?:like|enjoy)(?:\.{3}|…)?|most\s+(?:read|viewed|popular|shared)|(?:recent|latest)\s+(?:articles|posts|stories|news)|popular\s+(?:this\s+week|today|now|articles|stories|posts)|don['’]?t\s+miss|trending(?:\s+now)?|top\s+stories|читайте\s+также|самые\s+популярные[^.!?]{0,20}|популярное|похожие\s+(?:статьи|новости|записи)|другие\s+новости|hot\s+(?:news|topics?|stories)|see\s+also|also\s+read|関連(?:記事|ニュース)|あわせて読みたい|おすすめ記事|相关(?:新闻|阅读|文章|报道)|相關(?:新聞|閱讀|文章)|推荐阅读|热门(?:新闻|文章))\s*[\]>)】◀■]?\s*:?\s*$/i;

/** Inline teaser lines: "Read more: ...", "[관련기사] ...". */
// redos-safe: tested only on lines of at most 200 characters (body-lines.ts isBoilerplateLine)
export const TEASER_LINE =
  /^\s*[[<(【]?\s*(?:관련\s*기사|read\s+more|see\s+more|related|see\s+also|also\s+read|more\s+on\s+this|читайте\s+также|関連記事|相关阅读|leggi\s+anche(?:\s+su)?|(?:à\s+)?lire\s+aussi|lesen\s+sie\s+auch|siehe\s+auch|lea\s+también|leia\s+também|veja\s+também|zie\s+ook)\s*(?:[\]>)】]\s*:?|[:：])/i;

/**
 * Arrow-led lines ("▶ 네이버에서 구독하세요") are teasers when they are links or
 * prompts; broadcast transcripts also use arrows for speakers, so an arrow
 * alone proves nothing.
 */
export const ARROW_PREFIX = /^\s*[▶☞▷►»→]/;

/** Subscription and newsletter prompts, app-install nags and the like. */
export const PROMPT =
  /sign\s+up\s+(?:for|to)\b|subscribe\s+(?:to|now|for|today)\b|(?:our|the|free|daily|weekly)\s+newsletters?\b|get\s+(?:our|the)\s+app\b|download\s+(?:our|the)\s+app\b|follow\s+(?:us|him|her|them|me)\s+on\b|^\s*follow\s+(?:[\w@'’.&-]+\s+){1,6}on\s+(?:twitter|facebook|instagram|youtube|linkedin|tiktok|threads|bluesky)\b|if\s+you\s+(?:enjoyed|liked)\s+this\s+(?:article|post|story|piece)\b|(?:like|enjoy(?:ed)?)\s+this\s+(?:article|post|story)\?\s*share\b|share\s+(?:it|this(?:\s+(?:article|post|story))?)\s+with\s+(?:a\s+friend|friends|your\s+friends)\b|meet\s+your\s+inbox\b|(?:delivered|sent|straight)\s+(?:[\w-]+\s+){0,2}to\s+your\s+inbox\b|(?:may|can)\s+be\s+reached\s+at\b|have\s+a\s+(?:news\s+)?tip\?|by\s+clicking\s+here\b|click\s+here\s+(?:for|to)\b|tell\s+us\s+what\s+you\s+think|구독(?:하기|하세요|해\s*주세요|신청)|뉴스레터|채널\s*추가|앱\s*(?:설치|다운)|제보(?:하기|는)|카카오톡\s*[:@]|네이버에서|ニュースレター|订阅|訂閱|关注我们/i;

/** A lone label left by ad slots. */
// redos-safe: tested only on lines of at most 200 characters (body-lines.ts isBoilerplateLine)
export const AD_LABEL =
  /^\s*(?:advertisement|advertising|advert|sponsored(?: content)?|ad|광고|広告|广告|scroll to continue with content|this slideshow requires javascript\.?|\d*\s*comments?|(?:post|add|leave|write|view|show)\s+(?:a\s+)?comments?\s*(?:\(\+\)|\(\d+\))?|отзывы|добавить отзыв)\s*$/i;

/** Byline or dateline lines repeated at the top of the body. */
// redos-safe: tested only on lines of at most 80 characters (body-lines.ts isMetaLine)
export const BYLINE_LINE =
  /^\s*(?:by\s+\p{Lu}|written\s+by\b|posted\s+by\b|(?:first\s+)?(?:published|updated|posted|last\s+updated)\s*(?:on|at)?\s*[:：]?\s*(?:\d|\p{Lu}\p{Ll}{2})|[^|\n]{1,60}\|\s*(?:updated|published|posted)\s*[:：]\s*\d|(?:입력|수정|승인|등록|기사입력|최종수정|업데이트)\s*[:：]?\s*\d{4}|\d{4}[.\-/년]\s*\d{1,2}[.\-/월]\s*\d{1,2}[일.]?(?:\s*\d{1,2}:\d{2})?\s*$|(?:\p{L}+,?\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}(?:,?\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?\s*$|[가-힣]{2,4}\s*(?:기자|특파원|선임기자|객원기자|논설위원)(?:\s*[\w.+-]+@[\w.-]+)?\s*$)/iu;

/** A reporter's signature: a short line with an e-mail address. */
// redos-safe: tested only on lines of at most 80 characters (body-lines.ts trailingSignatures)
export const SIGNATURE = /[\w.+-]+@[\w-]+\.[\w.-]+/;

/** A reporter's social profile alone on its line: "twitter.com/jdoe", "@jdoe". */
export const SOCIAL_PROFILE =
  /^\s*(?:(?:https?:\/\/)?(?:www\.)?(?:twitter|x|facebook|instagram|linkedin|threads)\.(?:com|net)\/[\w.@/-]+|@[\w.]{2,30})\s*$/i;

/** A post's filing line: "Posted by X - Category: Y - Tags: z", "Publicado por", "Filed under". */
export const FILING_LINE =
  /(?:^|\s|-)(?:posted\s+by|published\s+by|publicado\s+por|filed\s+under|categor(?:y|ies|ia)\s*:|tags?\s*:)/i;

/**
 * A WordPress shortcode the theme failed to render: "[button link=… ]Send us
 * your review[/button]". An opening tag with attributes, or a closing tag at
 * the end of the line; a bracketed word alone ("[Update]") is text.
 */
export const SHORTCODE = /^\s*\[[a-z][\w-]*\s+[\w-]+\s*=|\[\/[a-z][\w-]*\]\s*$/i;
