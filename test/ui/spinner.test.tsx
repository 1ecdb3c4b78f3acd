import assert from 'node:assert/strict';
import {mock, test} from 'node:test';
import {render} from 'ink-testing-library';
import {Spinner} from '../../source/ui/components/Spinner.js';

/** Lets React commit what a timer callback scheduled (it batches updates into a microtask). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('the spinner turns on its own timer when nothing else draws it', async (t) => {
	mock.timers.enable({apis: ['setInterval']});
	t.after(() => mock.timers.reset());
	let time = 1000;
	const {frames, lastFrame, unmount} = render(<Spinner clock={() => time} />);
	const first = lastFrame();
	for (let step = 0; step < 3; step++) {
		time += 250;
		mock.timers.tick(250);
		await settle();
	}

	const drawn = frames.length;
	const last = lastFrame();
	unmount();
	assert.equal(drawn, 4, 'one frame a tick, on top of the first');
	assert.notEqual(last, first, 'the dot moved');
	assert.match(last ?? '', /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]$/);
});

test('the spinner draws no frame of its own while its parent redraws it more often than it turns', async (t) => {
	mock.timers.enable({apis: ['setInterval']});
	t.after(() => mock.timers.reset());
	let time = 1000;
	const {frames, lastFrame, rerender, unmount} = render(<Spinner clock={() => time} />);
	const seen = new Set<string>();
	for (let step = 0; step < 8; step++) {
		// The parent (the header, at every flush) redraws every 100 ms; the spinner's timer fires every 250 ms.
		time += 100;
		rerender(<Spinner clock={() => time} key="spinner" />);
		seen.add(lastFrame() ?? '');
		if (step % 5 === 4) {
			mock.timers.tick(250);
			await settle();
		}
	}

	const drawn = frames.length;
	unmount();
	assert.ok(seen.size >= 3, `the dot follows the clock at each redraw (saw ${seen.size})`);
	assert.equal(drawn, 9, 'the first frame and the parent’s eight, none from the timer');
});
