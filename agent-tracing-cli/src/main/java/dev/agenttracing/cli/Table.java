package dev.agenttracing.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain text columns, padded to the widest value; numbers right-aligned.
 */
final class Table {

	private final List<String> headers;

	private final boolean[] right;

	private final List<List<String>> rows = new ArrayList<>();

	Table(String... headers) {
		this.headers = List.of(headers);
		this.right = new boolean[headers.length];
	}

	Table rightAligned(int... columns) {
		for (int column : columns) {
			this.right[column] = true;
		}
		return this;
	}

	void add(String... values) {
		this.rows.add(List.of(values));
	}

	boolean isEmpty() {
		return this.rows.isEmpty();
	}

	void print(PrintWriter out) {
		int[] widths = new int[this.headers.size()];
		for (int i = 0; i < widths.length; i++) {
			widths[i] = this.headers.get(i).length();
			for (List<String> row : this.rows) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		print(out, this.headers, widths);
		for (List<String> row : this.rows) {
			print(out, row, widths);
		}
		out.flush();
	}

	private void print(PrintWriter out, List<String> values, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			String padding = " ".repeat(widths[i] - value.length());
			line.append(this.right[i] ? padding + value : value + padding);
			if (i < values.size() - 1) {
				line.append("  ");
			}
		}
		out.println(line.toString().stripTrailing());
	}

}
