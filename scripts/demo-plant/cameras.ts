import { imageToGroundHomography, type SceneInput } from '../../main/contracts/index.js';

type CameraInput = NonNullable<SceneInput['cameras']>[number];
const zh = (en: string, zhCN: string) => ({ en, 'zh-CN': zhCN });

/**
 * A fixed camera on a pole at (x, y, heightM) aimed at a ground target: heading and pitch follow
 * from the geometry, and the image-to-ground homography from the pinhole model.
 */
function aimed(id: string, name: ReturnType<typeof zh>, areaId: string, x: number, y: number, heightM: number, targetX: number, targetY: number, horizontalFovDeg: number): CameraInput {
  const dx = targetX - x;
  const dy = targetY - y;
  const headingDeg = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
  const pitchDeg = -(Math.atan2(heightM, Math.hypot(dx, dy)) * 180) / Math.PI;
  const pose = { position: { x, y, z: heightM }, headingDeg: round(headingDeg), pitchDeg: round(pitchDeg), horizontalFovDeg, imageWidthPx: 1920, imageHeightPx: 1080 };
  return {
    id,
    name,
    areaId,
    ...pose,
    stream: { url: `rtsp://cameras.demo-plant.invalid/${id}` },
    imageToGroundHomography: imageToGroundHomography(pose).map((v) => Number(v.toPrecision(9))),
  };
}
const round = (v: number) => Math.round(v * 100) / 100;

export const DEMO_CAMERAS: CameraInput[] = [
  aimed('CAM-01', zh('Main gate', '大门'), 'admin', 75, 14, 6, 56, 2, 70),
  aimed('CAM-02', zh('Truck gate', '货运大门'), 'loading', 388, 72, 6, 398, 56, 70),
  aimed('CAM-03', zh('Loading bay LB-1/LB-2', '装卸台'), 'loading', 350, 92, 10, 350, 60, 80),
  aimed('CAM-04', zh('LPG spheres', '液化气球罐'), 'lpgZone', 258, 232, 12, 258, 262, 75),
  aimed('CAM-05', zh('Ammonia sphere', '液氨球罐'), 'tankFarm', 330, 240, 12, 340, 262, 60),
  // Set back from the yard's south-west corner so the whole restricted yard is in view (a person anywhere in it is seen).
  aimed('CAM-06', zh('Chlorine storage', '液氯储存区'), 'chlorineYard', 318, 214, 8, 360, 185, 80),
  aimed('CAM-07', zh('Benzene tanks', '苯储罐'), 'tankFarm', 250, 172, 12, 250, 195, 80),
  aimed('CAM-08', zh('Unit 1 reactors', '一号装置反应器'), 'unit1', 25, 170, 12, 50, 205, 75),
  aimed('CAM-09', zh('Unit 1 compressor house', '一号装置压缩机房'), 'unit1', 70, 268, 8, 45, 255, 70),
  aimed('CAM-10', zh('Unit 2 columns', '二号装置塔区'), 'unit2', 125, 225, 12, 180, 222, 70),
  aimed('CAM-11', zh('Warehouse yard', '仓库堆场'), 'warehouse', 135, 68, 8, 165, 64, 80),
  aimed('CAM-12', zh('Central avenue', '中央大道'), 'admin', 110, 140, 10, 200, 148, 60),
];
