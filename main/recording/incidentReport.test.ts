import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoreTopics } from '../bus/coreTopics.js';
import { MessageBus } from '../bus/MessageBus.js';
import { alarmTransition, syntheticScene } from '../../tests/integration/recordingFixtures.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { renderIncidentReport } from './incidentReport.js';
import { Recorder } from './Recorder.js';
import { RecordingSet } from './RecordingSet.js';

describe('incident report and personal data (issue 13.2, 13.4)', () => {
  it('embeds snapshots only when the reader may see them, and never prints a credential of a recorded reason', async () => {
    const dir = makeTempDir('incident-report');
    const bus = new MessageBus<CoreTopics>();
    const scene = syntheticScene(2);
    let nowMs = Date.UTC(2026, 4, 3, 9, 0, 0);
    const recorder = new Recorder({ bus, dir, scene, nowMs: () => nowMs, autoFlush: false, problems: { raise: () => undefined, clear: () => undefined } });
    await recorder.start();
    // A reason as recordings made before the decoder redacted ffmpeg's text hold it.
    const offline = alarmTransition(scene.sensors[0]!.id, 'activate', nowMs, 'system', { active: true, acknowledged: false });
    bus.publish('alarmTransition', { ...offline, reason: 'ST_ERR_VISION_STREAM: camera CAM-01: rtsp://user:S3cretPw@10.0.0.5/stream: Connection refused' });
    nowMs += 1_000;
    recorder.addSnapshot({ cameraId: 'CAM-01', tsMs: nowMs, mediaType: 'image/jpeg', data: Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]), name: 'snapshots/CAM-01/e1.jpg' });
    nowMs += 1_000;
    bus.publish('alarmTransition', alarmTransition(scene.sensors[0]!.id, 'clear', nowMs, 'system', { active: false, acknowledged: false }));
    await recorder.stop();
    const files = readdirSync(dir).filter((f) => f.endsWith('.mcap')).map((f) => path.join(dir, f));
    const set = await RecordingSet.open({ files, sensorIds: scene.sensors.map((s) => s.id) });
    try {
      const full = await renderIncidentReport(set, { locale: 'en', timeZone: 'UTC' });
      const withheld = await renderIncidentReport(set, { locale: 'en', timeZone: 'UTC', withholdSnapshots: true });
      expect(full).toContain('snapshots/CAM-01/e1.jpg');
      expect(full).toContain('<img');
      expect(withheld).not.toContain('<img');
      expect(withheld).not.toContain('snapshots/CAM-01/e1.jpg');
      expect(withheld).toContain('Not included: camera evidence of people needs the right to view personal data.');
      const zh = await renderIncidentReport(set, { locale: 'zh-CN', timeZone: 'UTC', withholdSnapshots: true });
      expect(zh).toContain('未包含：查看人员影像证据需要个人信息查看权限。');
      for (const html of [full, withheld, zh]) {
        expect(html).not.toContain('S3cretPw');
        expect(html).toContain('rtsp://***@10.0.0.5/stream: Connection refused');
      }
    } finally {
      await set.close();
    }
  });

  it('words alarms, actors and rule reasons in the report language (issue 12.7): no raw condition ids, user ids of the local session or English reasons in zh-CN', async () => {
    const dir = makeTempDir('incident-report-words');
    const bus = new MessageBus<CoreTopics>();
    const scene = syntheticScene(2);
    let nowMs = Date.UTC(2026, 4, 3, 9, 0, 0);
    const recorder = new Recorder({ bus, dir, scene, nowMs: () => nowMs, autoFlush: false, problems: { raise: () => undefined, clear: () => undefined } });
    await recorder.start();
    const raised = alarmTransition('BDG-1001', 'activate', nowMs, 'system', { active: true, acknowledged: false });
    const manDown = { ...raised.alarm, alarmId: 'BDG-1001:manDown', sourceKind: 'worker' as const, condition: 'manDown' as const };
    bus.publish('alarmTransition', { ...raised, alarm: manDown, reason: 'no movement beyond 1 m for 300 s', reasonCode: { code: 'manDownStill', params: { radiusM: 1, stillS: 300 } } });
    nowMs += 5_000;
    const voting = alarmTransition('tankFarm', 'activate', nowMs, 'system', { active: true, acknowledged: false });
    bus.publish('alarmTransition', { ...voting, alarm: { ...voting.alarm, alarmId: 'tankFarm:areaVoting', sourceKind: 'area', condition: 'areaVoting' } });
    const superseded = alarmTransition('GD-1', 'suppress', nowMs, 'system', { active: true, acknowledged: false });
    bus.publish('alarmTransition', { ...superseded, reason: 'superseded by GD-1:highHigh', reasonCode: { code: 'superseded', params: { alarmId: 'GD-1:highHigh' } } });
    const seen = alarmTransition('CAM-06', 'activate', nowMs, 'system', { active: true, acknowledged: false });
    bus.publish('alarmTransition', { ...seen, alarm: { ...seen.alarm, alarmId: 'CAM-06:restrictedEntry', sourceKind: 'camera', condition: 'restrictedEntry' }, reason: 'external frigate-object: person in zone tankFarm at (1.0, 2.0) m on CAM-06 (simulated)', reasonCode: { code: 'visionDetection', params: { label: 'person', cameraId: 'CAM-06', source: 'simulated', zoneId: 'tankFarm' } } });
    // A model's own class names (the PPE model's "NO-Hardhat") and an NVR label no list knows.
    for (const [cameraId, label] of [['CAM-07', 'NO-Hardhat'], ['CAM-08', 'forklift']]) {
      const ppe = alarmTransition(cameraId!, 'activate', nowMs, 'system', { active: true, acknowledged: false });
      bus.publish('alarmTransition', { ...ppe, alarm: { ...ppe.alarm, alarmId: `${cameraId}:ppeViolation`, sourceKind: 'camera', condition: 'ppeViolation' }, reason: `${label} on ${cameraId}`, reasonCode: { code: 'visionDetection', params: { label: label!, cameraId: cameraId!, source: 'safetwin' } } });
    }
    // A permit's live check (issue 17): the permit number and the rule's words, never the rule's id.
    const permit = alarmTransition('DH-0042', 'activate', nowMs, 'system', { active: true, acknowledged: false });
    bus.publish('alarmTransition', { ...permit, alarm: { ...permit.alarm, alarmId: 'DH-0042:combustibleGasNearby', sourceKind: 'permit', condition: 'combustibleGasNearby', permitType: 'hotWork' }, reason: 'permit DH-0042: detector GD-1 6 m from the hot work reads 12 %LEL (pre-warning 10)', reasonCode: { code: 'combustibleGasNearby', params: { permit: 'DH-0042', sensorId: 'GD-1', distanceM: 6, valueLelPct: 12, preWarningLelPct: 10 } } });
    const acked = alarmTransition('BDG-1001', 'acknowledge', nowMs, 'local-commander', { active: true, acknowledged: true });
    bus.publish('alarmTransition', { ...acked, alarm: { ...manDown, acknowledged: true } });
    await recorder.stop();
    const files = readdirSync(dir).filter((f) => f.endsWith('.mcap')).map((f) => path.join(dir, f));
    const set = await RecordingSet.open({ files, sensorIds: scene.sensors.map((s) => s.id) });
    try {
      const cameraNames = { 'CAM-06': { en: 'Tank farm gate', 'zh-CN': '罐区大门' } };
      const zh = await renderIncidentReport(set, { locale: 'zh-CN', timeZone: 'UTC', siteName: { en: 'Demo plant', 'zh-CN': '演示化工园区' }, areaNames: { tankFarm: { en: 'Tank farm', 'zh-CN': '罐区' } }, cameraNames });
      expect(zh).toContain('罐区 区域气体报警（表决）');
      expect(zh).toContain('被 GD-1 高高报 取代（状态抑制）');
      expect(zh).toContain('罐区大门 检测到人员（罐区）（模拟）');
      expect(zh).toContain('CAM-07 检测到未佩戴安全帽');
      expect(zh).toContain('CAM-08 检测到其他目标');
      expect(zh).toContain('<title>事件报告 — 演示化工园区</title>');
      expect(zh).toContain('BDG-1001 人员倒地');
      expect(zh).toContain('300 秒内移动未超过 1 米');
      expect(zh).toContain('本机会话（应急指挥）');
      expect(zh).toContain('<td>系统</td>');
      expect(zh).toContain('DH-0042 动火点附近可燃气体超预警');
      expect(zh).toContain('作业票 DH-0042：距动火点 6 米的可燃气体探测器 GD-1 读数 12 %LEL（预警值 10 %LEL）');
      for (const english of ['manDown', 'no movement', 'local-commander', '>system<', 'superseded', 'highHigh', 'frigate', 'person', 'Hardhat', 'forklift', 'combustibleGasNearby', 'hot work', 'permit']) expect(zh).not.toContain(english);
      const en = await renderIncidentReport(set, { locale: 'en', timeZone: 'UTC', cameraNames });
      expect(en).toContain('person in tankFarm seen by Tank farm gate (simulated)');
      expect(en).toContain('no hard hat seen by CAM-07');
      expect(en).toContain('forklift seen by CAM-08');
      expect(en).toContain('BDG-1001 Man down');
      expect(en).toContain('no movement beyond 1 m for 300 s');
      expect(en).toContain('local session (commander)');
      expect(en).toContain('DH-0042 Gas near hot work');
      expect(en).toContain('permit DH-0042: detector GD-1 6 m from the hot work reads 12 %LEL (pre-warning 10 %LEL)');
    } finally {
      await set.close();
    }
  });

  it('words drill, evacuation and study marks by their code in the report language (issue 12.7); a note and an older recording\'s mark as recorded', async () => {
    const dir = makeTempDir('incident-report-marks');
    const bus = new MessageBus<CoreTopics>();
    const scene = syntheticScene(2);
    let nowMs = Date.UTC(2026, 4, 3, 9, 0, 0);
    const recorder = new Recorder({ bus, dir, scene, nowMs: () => nowMs, autoFlush: false, problems: { raise: () => undefined, clear: () => undefined } });
    await recorder.start();
    const chlorine = { en: 'Chlorine', 'zh-CN': '液氯' };
    const drill = { en: 'B-301 chlorine release (day)', 'zh-CN': 'B-301 液氯泄漏（白天）' };
    recorder.mark({ kind: 'drill', phase: 'start', id: 'drill-1', label: `DRILL · ${drill.en}`, what: { code: 'drillStarted', scenario: drill }, by: 'local-trainer' });
    recorder.mark({ kind: 'simulation', phase: 'start', id: 'leak-1', label: 'leak study at B-301: Chlorine', what: { code: 'leakStudyStarted', equipmentId: 'B-301', substance: chlorine }, by: 'local-commander' });
    recorder.recordSimulationRun({ runId: 'leak-1', kind: 'dispersion', by: 'local-commander', input: {}, output: {} });
    nowMs += 60_000;
    recorder.mark({ kind: 'drill', phase: 'end', id: 'drill-1', label: `DRILL · ${drill.en} ended`, what: { code: 'drillEnded', scenario: drill }, by: 'local-trainer' });
    recorder.mark({ kind: 'incident', phase: 'start', id: 'live-1', label: 'evacuation ordered', what: { code: 'evacuationOrdered' }, by: 'local-commander' });
    recorder.mark({ kind: 'simulation', phase: 'start', id: 'leak-2', label: 'simulated release at T-101: Benzene', what: { code: 'simulatedReleaseStarted', equipmentId: 'T-101', substance: { en: 'Benzene', 'zh-CN': '苯' } }, by: 'local-trainer' });
    // A user's own note stays as typed; a mark recorded before marks had codes keeps its English label.
    recorder.mark({ kind: 'note', phase: 'instant', id: 'note-1', label: '风向突变 wind shift', by: 'zhang.min' });
    recorder.mark({ kind: 'incident', phase: 'instant', id: 'old-1', label: 'evacuation ordered (old recording)', by: 'local-commander' });
    nowMs += 60_000;
    recorder.mark({ kind: 'incident', phase: 'end', id: 'live-1', label: 'evacuation stood down', what: { code: 'evacuationStoodDown' }, by: 'local-commander' });
    await recorder.stop();
    const files = readdirSync(dir).filter((f) => f.endsWith('.mcap')).map((f) => path.join(dir, f));
    const set = await RecordingSet.open({ files, sensorIds: scene.sensors.map((s) => s.id) });
    try {
      const section = (html: string, heading: string) => {
        const at = html.indexOf(`<h2>${heading}</h2>`);
        expect(at).toBeGreaterThan(0);
        return html.slice(at, html.indexOf('<h2>', at + 4));
      };
      const zh = section(await renderIncidentReport(set, { locale: 'zh-CN', timeZone: 'UTC' }), '应急演练、模拟与备注');
      expect(zh).toContain('应急演练: B-301 液氯泄漏（白天）');
      expect(zh).toContain('泄漏扩散模拟: 假设分析：B-301 液氯泄漏');
      expect(zh).toContain('泄漏扩散模拟: 已记录扩散模拟的输入与结果');
      expect(zh).toContain('事件: 下达疏散命令');
      expect(zh).toContain('泄漏扩散模拟: 在演示装置上模拟泄漏：T-101 苯');
      expect(zh).toContain('备注: 风向突变 wind shift');
      expect(zh).toContain('事件: evacuation ordered (old recording)');
      for (const english of ['DRILL', 'chlorine', 'Chlorine', 'leak study', 'dispersion', 'simulated release', 'Benzene']) expect(zh).not.toContain(english);
      const en = section(await renderIncidentReport(set, { locale: 'en', timeZone: 'UTC' }), 'Drills, simulations and notes');
      expect(en).toContain('emergency drill: B-301 chlorine release (day)');
      expect(en).toContain('simulation: what-if leak study at B-301: Chlorine');
      expect(en).toContain('simulation: release simulated on the demo plant at T-101: Benzene');
      expect(en).toContain('incident: evacuation ordered');
    } finally {
      await set.close();
    }
  });
});
