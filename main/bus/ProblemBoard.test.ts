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
});
