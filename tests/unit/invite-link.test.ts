import { describe, expect, it } from 'vitest';
import { inviteLink, parseInviteLink } from '../../shared/invite-link';

describe('invite links', () => {
  it('round-trips the server address (with a path) and the code, which stays in the fragment', () => {
    const link = inviteLink('https://margin.example.workers.dev/', 'ABCDE-23456');
    expect(link).toBe('https://margin.example.workers.dev/join#code=ABCDE-23456');
    expect(new URL(link).search).toBe('');
    expect(parseInviteLink(link)).toEqual({ serverUrl: 'https://margin.example.workers.dev', code: 'ABCDE-23456' });
    expect(parseInviteLink(inviteLink('http://127.0.0.1:8787/margin', 'X1'))).toEqual({
      serverUrl: 'http://127.0.0.1:8787/margin',
      code: 'X1',
    });
  });

  it('is not fooled by a bare code, another page, another scheme or a missing code', () => {
    for (const text of [
      'ABCDE-23456',
      'https://margin.example/other#code=A',
      'javascript:alert(1)//join#code=A',
      'ftp://x.example/join#code=A',
      'https://margin.example/join',
      `https://margin.example/join#code=${'A'.repeat(65)}`,
    ]) {
      expect(parseInviteLink(text)).toBeNull();
    }
  });
});
