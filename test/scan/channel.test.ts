import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {Channel} from '../../source/scan/channel.js';

describe('Channel', () => {
	test('a buffer of many items read later comes out whole and in order, then ends', async () => {
		const channel = new Channel<number>();
		// A warm run pushes a whole tree before its consumer reads anything: past the point where the read part
		// of the buffer is cut off, several times.
		const count = 5000;
		for (let index = 0; index < count; index++) channel.push(index);
		const read: number[] = [];
		let pushedMore = false;
		for await (const item of channel) {
			read.push(item);
			if (item === 3000 && !pushedMore) {
				pushedMore = true;
				for (let index = count; index < count + 10; index++) channel.push(index);
				channel.end();
			}
		}

		assert.deepEqual(
			read,
			Array.from({length: count + 10}, (_, index) => index),
		);
	});

	test('a consumer waiting for an item gets it when it is pushed; end after a drained buffer finishes it', async () => {
		const channel = new Channel<string>();
		const iterator = channel[Symbol.asyncIterator]();
		const pending = iterator.next();
		channel.push('first');
		assert.deepEqual(await pending, {value: 'first', done: false});
		channel.push('second');
		channel.end();
		channel.push('ignored after the end');
		assert.deepEqual(await iterator.next(), {value: 'second', done: false});
		assert.deepEqual(await iterator.next(), {value: undefined, done: true});
	});
});
