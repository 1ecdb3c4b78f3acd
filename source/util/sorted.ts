/**
 * Binary searches over arrays sorted ascending by `<` (numbers, or strings in code-unit order as
 * `Array.prototype.sort` leaves them). O(log n).
 */

/** The first index whose value is ≥ `value`. */
export function lowerBound<T extends number | string>(values: readonly T[], value: T): number {
	let low = 0;
	let high = values.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (values[middle]! < value) low = middle + 1;
		else high = middle;
	}

	return low;
}

/** The first index whose value is > `value`. */
export function upperBound<T extends number | string>(values: readonly T[], value: T): number {
	let low = 0;
	let high = values.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (values[middle]! <= value) low = middle + 1;
		else high = middle;
	}

	return low;
}
