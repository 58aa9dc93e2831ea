package dev.agenttracing.export;

import java.util.List;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A finished span and the finished spans below it, ordered by start time: one node of an
 * agent run's tree.
 *
 * @param span the span
 * @param children the spans whose parent is {@code span}
 * @author agent-tracing
 * @since 0.1.0
 */
public record RunTree(SpanData span, List<RunTree> children) {

	/**
	 * Number of spans in this tree, this one included.
	 * @return the span count
	 */
	public int size() {
		int size = 1;
		for (RunTree child : this.children) {
			size += child.size();
		}
		return size;
	}

}
