package dev.agenttracing.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Collects agent-tracing's finished spans, trace by trace, and hands back the whole tree
 * of each top-level agent run once its {@code invoke_agent} span arrives. Children end
 * before their parent, so by then the batch exporter has delivered them.
 * <p>
 * Spans of other instrumentations are not part of the tree, but they can sit between two
 * of ours (a framework's client span between an agent run and its model calls): of those,
 * only the link to their parent is kept, while their trace has spans of ours waiting, so
 * that a span of ours below them still hangs under its nearest ancestor of ours.
 * <p>
 * A trace's local root (the span without a parent in this process) ends after every span
 * below it, so once it arrives the runs below it are complete and what is left of the
 * trace can never join one: it is dropped then (a model call outside any run, under a
 * framework's client span, costs the buffer nothing after its trace ends). A run that
 * outlives its local root (started asynchronously and not awaited) keeps the spans that
 * end after the root; spans of it that ended before are not in its tree.
 * <p>
 * Bounded: spans that never join a run and whose local root does not come (a root that
 * was dropped) are evicted oldest trace first once {@code maxBufferedSpans} is reached or
 * after {@code maxAgeNanos}. Thread-safe.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class RunTreeAssembler {

	private static final Comparator<RunTree> BY_START = Comparator
		.comparingLong((RunTree tree) -> tree.span().getStartEpochNanos());

	private final int maxBufferedSpans;

	private final long maxAgeNanos;

	private final Map<String, PendingTrace> traces = new LinkedHashMap<>();

	private int bufferedSpans;

	/**
	 * Create an assembler.
	 * @param maxBufferedSpans how many spans may wait for their run at most
	 * @param maxAgeNanos how long a trace's spans may wait for their run at most
	 */
	public RunTreeAssembler(int maxBufferedSpans, long maxAgeNanos) {
		this.maxBufferedSpans = maxBufferedSpans;
		this.maxAgeNanos = maxAgeNanos;
	}

	/**
	 * Add finished spans and return the trees of the top-level runs they complete.
	 * @param spans finished spans, of any instrumentation
	 * @return completed top-level runs, possibly empty
	 */
	public synchronized List<RunTree> add(Collection<SpanData> spans) {
		List<SpanData> roots = new ArrayList<>();
		List<String> endedTraces = new ArrayList<>();
		long now = System.nanoTime();
		// Ours first, then the others: a batch need not be in end order (OTLP/JSON files
		// group spans by instrumentation scope), and a foreign span's link is kept only
		// for a trace that has spans of ours waiting. A trace whose local root is in the
		// batch is forgotten once the batch's runs are assembled: nothing below it is
		// pending.
		for (SpanData span : spans) {
			if (isLocalRoot(span)) {
				endedTraces.add(span.getTraceId());
			}
			if (!isOurs(span)) {
				continue;
			}
			if (isTopLevelRun(span)) {
				roots.add(span);
			}
			else if (!isLocalRoot(span)) {
				this.traces.computeIfAbsent(span.getTraceId(), (id) -> new PendingTrace(now)).spans.add(span);
				this.bufferedSpans++;
			}
		}
		for (SpanData span : spans) {
			if (!isOurs(span) && !isLocalRoot(span)) {
				PendingTrace pending = this.traces.get(span.getTraceId());
				if (pending != null && pending.foreignParents.put(span.getSpanId(), span.getParentSpanId()) == null) {
					this.bufferedSpans++;
				}
			}
		}
		List<RunTree> completed = new ArrayList<>(roots.size());
		for (SpanData root : roots) {
			completed.add(assemble(root));
		}
		for (String traceId : endedTraces) {
			forget(traceId);
		}
		evict(now);
		return completed;
	}

	/**
	 * Number of spans waiting for their run.
	 * @return the buffered span count
	 */
	public synchronized int bufferedSpans() {
		return this.bufferedSpans;
	}

	private RunTree assemble(SpanData root) {
		PendingTrace pending = this.traces.get(root.getTraceId());
		if (pending == null) {
			return new RunTree(root, List.of());
		}
		Map<String, List<SpanData>> byParent = new HashMap<>();
		for (SpanData span : pending.spans) {
			byParent.computeIfAbsent(parentOfOurs(span, pending.foreignParents), (id) -> new ArrayList<>()).add(span);
		}
		RunTree tree = build(root, byParent);
		int used = tree.size() - 1;
		if (used > 0) {
			pending.spans.removeIf((span) -> contains(tree, span));
			this.bufferedSpans -= used;
			if (pending.spans.isEmpty()) {
				this.bufferedSpans -= pending.foreignParents.size();
				this.traces.remove(root.getTraceId());
			}
		}
		return tree;
	}

	/** The parent span id, skipping spans of other instrumentations. */
	private static String parentOfOurs(SpanData span, Map<String, String> foreignParents) {
		String parent = span.getParentSpanId();
		// Bounded by the links kept, so a (malformed) cycle cannot loop.
		for (int i = 0; i < foreignParents.size() && foreignParents.containsKey(parent); i++) {
			parent = foreignParents.get(parent);
		}
		return parent;
	}

	private static RunTree build(SpanData span, Map<String, List<SpanData>> byParent) {
		List<SpanData> childSpans = byParent.getOrDefault(span.getSpanId(), List.of());
		List<RunTree> children = new ArrayList<>(childSpans.size());
		for (SpanData child : childSpans) {
			children.add(build(child, byParent));
		}
		children.sort(BY_START);
		return new RunTree(span, List.copyOf(children));
	}

	private static boolean contains(RunTree tree, SpanData span) {
		if (tree.span() == span) {
			return true;
		}
		for (RunTree child : tree.children()) {
			if (contains(child, span)) {
				return true;
			}
		}
		return false;
	}

	private void forget(String traceId) {
		PendingTrace pending = this.traces.remove(traceId);
		if (pending != null) {
			this.bufferedSpans -= pending.spans.size() + pending.foreignParents.size();
		}
	}

	private void evict(long now) {
		Iterator<PendingTrace> iterator = this.traces.values().iterator();
		while (iterator.hasNext()) {
			PendingTrace oldest = iterator.next();
			if (this.bufferedSpans <= this.maxBufferedSpans && now - oldest.createdNanos <= this.maxAgeNanos) {
				return;
			}
			this.bufferedSpans -= oldest.spans.size() + oldest.foreignParents.size();
			iterator.remove();
		}
	}

	/** The first span of its trace in this process: no parent, or a remote one. */
	static boolean isLocalRoot(SpanData span) {
		SpanContext parent = span.getParentSpanContext();
		return !parent.isValid() || parent.isRemote();
	}

	static boolean isOurs(SpanData span) {
		return GenAiAttributes.INSTRUMENTATION_SCOPE.equals(span.getInstrumentationScopeInfo().getName());
	}

	static boolean isTopLevelRun(SpanData span) {
		return GenAiAttributes.OPERATION_INVOKE_AGENT.equals(span.getAttributes().get(GenAiAttributes.OPERATION_NAME))
				&& Boolean.FALSE.equals(span.getAttributes().get(GenAiAttributes.AGENT_NESTED));
	}

	private static final class PendingTrace {

		private final long createdNanos;

		private final List<SpanData> spans = new ArrayList<>();

		/** Span id to parent span id, for spans of other instrumentations. */
		private final Map<String, String> foreignParents = new HashMap<>();

		PendingTrace(long createdNanos) {
			this.createdNanos = createdNanos;
		}

	}

}
