import { describe, expect, it } from 'vitest';
import { ProblemBoard } from './ProblemBoard.js';

describe('ProblemBoard', () => {
  it('keys problems by code and location: a repeat replaces, a clear removes, the list is bounded', () => {
    const board = new ProblemBoard(3);
    expect(board.raise({ code: 'ST_ERR_RECORDING_WRITE', severity: 'error', message: 'a.mcap.part: ENOSPC' })).toBe(true);
    expect(board.raise({ code: 'ST_ERR_RECORDING_WRITE', severity: 'error', message: 'b.mcap.part: ENOSPC' })).toBe(false);
    expect(board.list()).toEqual([expect.objectContaining({ message: 'b.mcap.part: ENOSPC' })]);
    board.raise({ code: 'ST_ERR_CAMERA', severity: 'warning', message: 'x', location: 'CAM-01' });
    board.raise({ code: 'ST_ERR_CAMERA', severity: 'warning', message: 'y', location: 'CAM-02' });
    expect(board.size).toBe(3);
    // A fourth condition pushes out the oldest report.
    board.raise({ code: 'ST_ERR_CAMERA', severity: 'warning', message: 'z', location: 'CAM-03' });
    expect(board.list().map((p) => p.location ?? p.code)).toEqual(['CAM-01', 'CAM-02', 'CAM-03']);
    expect(board.clear({ code: 'ST_ERR_CAMERA', location: 'CAM-02' })).toBe(true);
    expect(board.clear({ code: 'ST_ERR_CAMERA' })).toBe(false);
    expect(board.list().map((p) => p.location)).toEqual(['CAM-01', 'CAM-03']);
  });

  it('hands out the same list until a problem is raised or cleared (issue 15: a stable array until it changes)', () => {
    const board = new ProblemBoard();
    board.raise({ code: 'ST_ERR_CAMERA', severity: 'warning', message: 'offline', location: 'CAM-01' });
    const first = board.list();
    expect(board.list()).toBe(first);
    expect(board.clear({ code: 'ST_ERR_CAMERA', location: 'CAM-09' })).toBe(false);
    expect(board.list()).toBe(first);
    board.raise({ code: 'ST_ERR_CAMERA', severity: 'warning', message: 'offline again', location: 'CAM-01' });
    const second = board.list();
    expect(second).not.toBe(first);
    expect(second.map((p) => p.message)).toEqual(['offline again']);
    board.clear({ code: 'ST_ERR_CAMERA', location: 'CAM-01' });
    expect(board.list()).toEqual([]);
  });
});
