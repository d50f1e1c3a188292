// The backend badge's text: the fallback sentence appears exactly when WASM ran instead of WebGPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backendName, fallbackText, reasonText, timingText, type RunReport } from '../../../components/widgets/shared/run-status.ts';

const report = fc.record({
  backend: fc.constantFrom('webgpu' as const, 'wasm' as const, 'reference' as const),
  fallbackReason: fc.option(fc.constantFrom('no WebGPU adapter is available', 'WebGPU failed: device lost'), { nil: undefined }),
  runMs: fc.double({ min: 0, max: 5000, noNaN: true }),
  updateMs: fc.double({ min: 0, max: 5000, noNaN: true }),
});

test('the fallback is reported with its reason only when WASM ran because WebGPU could not', () => {
  fc.assert(
    fc.property(report, fc.constantFrom('zh' as const, 'en' as const), (r: RunReport, lang) => {
      const text = fallbackText(r, lang);
      const fellBack = r.backend === 'wasm' && r.fallbackReason !== undefined;
      assert.equal(text !== '', fellBack);
      if (fellBack) {
        assert.ok(text.includes(reasonText(r.fallbackReason!, lang)));
        assert.ok(text.includes('WebGPU') && text.includes('WASM'));
      }
      assert.ok(timingText(r, lang).includes(r.runMs.toFixed(1)));
      assert.ok(timingText(r, lang).includes(String(Math.round(r.updateMs))));
    }),
  );
});

test('backend names', () => {
  assert.equal(backendName('webgpu'), 'WebGPU');
  assert.equal(backendName('wasm'), 'WASM');
});

test('fallback reasons: English as given; on Chinese pages the fixed reasons translated, error details kept', () => {
  assert.equal(reasonText('no WebGPU adapter is available', 'en'), 'no WebGPU adapter is available');
  assert.equal(reasonText('no WebGPU adapter is available', 'zh'), '没有可用的 WebGPU 适配器');
  assert.equal(reasonText('this browser has no WebGPU', 'zh'), '此浏览器没有 WebGPU');
  assert.equal(reasonText('WebGPU failed: device lost', 'zh'), 'WebGPU 运行出错：device lost');
  assert.equal(reasonText('something new', 'zh'), 'something new');
});
