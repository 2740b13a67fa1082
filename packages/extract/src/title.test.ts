import { describe, expect, it } from 'vitest';
import { stripSiteSuffix } from './title';

describe('stripSiteSuffix', () => {
  it.each([
    {
      name: 'dash suffix naming the site',
      title: 'Storm hits coast - Daily Planet',
      site: 'Daily Planet',
      want: 'Storm hits coast',
    },
    {
      name: 'pipe suffix naming the site',
      title: 'Storm hits coast | Daily Planet',
      site: 'Daily Planet',
      want: 'Storm hits coast',
    },
    {
      name: 'site prefix',
      title: 'Daily Planet | Storm hits coast',
      site: 'Daily Planet',
      want: 'Storm hits coast',
    },
    {
      name: 'site name variant',
      title: 'Storm hits coast – DailyPlanet.com',
      site: 'Daily Planet',
      want: 'Storm hits coast',
    },
    {
      name: 'section chain of a Korean CMS',
      title: '서울시, 한강공원에 수상정원 조성 < 사회 < 기사본문 - 한빛일보',
      site: '한빛일보',
      want: '서울시, 한강공원에 수상정원 조성',
    },
    {
      name: 'short unknown suffix after a long headline',
      title: 'Big storm hits the east coast overnight | Example News',
      site: undefined,
      want: 'Big storm hits the east coast overnight',
    },
    {
      name: 'Korean suffix without site name',
      title: '정부, 내년 예산안 656조원 편성 - 한빛뉴스',
      site: undefined,
      want: '정부, 내년 예산안 656조원 편성',
    },
    {
      name: 'hyphen inside words',
      title: 'Self-driving cars get green light',
      site: 'Daily Planet',
      want: 'Self-driving cars get green light',
    },
    {
      name: 'dash that is part of the headline',
      title: "Biden signs bill - here's what it means",
      site: undefined,
      want: "Biden signs bill - here's what it means",
    },
    {
      name: 'too little left to be a headline',
      title: 'Pros - and cons',
      site: undefined,
      want: 'Pros - and cons',
    },
    {
      name: 'French spaced colon kept',
      title: 'Macron : la réforme est adoptée',
      site: undefined,
      want: 'Macron : la réforme est adoptée',
    },
    {
      name: 'whitespace collapsed',
      title: '  Storm   hits coast  ',
      site: undefined,
      want: 'Storm hits coast',
    },
    {
      name: 'title that is only the site name',
      title: 'Daily Planet',
      site: 'Daily Planet',
      want: 'Daily Planet',
    },
  ])('$name', ({ title, site, want }) => {
    expect(stripSiteSuffix(title, site)).toBe(want);
  });
});
