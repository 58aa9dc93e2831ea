package dev.agenttracing.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolSpec;

/**
 * Batches of finished spans as agent-tracing makes them, for the export benchmarks: agent
 * runs of one {@code invoke_agent} span and three {@code execute_tool} children each,
 * made by {@link AgentTracer} on a private SDK and collected as {@link SpanData}.
 *
 * @author agent-tracing
 */
final class SpanBatches {

	private SpanBatches() {
	}

	/**
	 * Make a batch of finished spans, four to a trace.
	 * @param size how many spans
	 * @return the spans, in the order they ended
	 */
	static List<SpanData> agentRuns(int size) {
		return agentRuns(size, 4);
	}

	/**
	 * Make a batch of finished spans: agent runs of one agent span and tool spans.
	 * @param size how many spans
	 * @param spansPerRun spans per agent run (trace), at least two
	 * @return the spans, in the order they ended
	 */
	static List<SpanData> agentRuns(int size, int spansPerRun) {
		List<SpanData> spans = new ArrayList<>(size + 4);
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(new Collector(spans)))
			.build();
		try (provider) {
			AgentTracer tracer = AgentTracer.builder(OpenTelemetrySdk.builder().setTracerProvider(provider).build())
				.defaultProvider("openai")
				.build();
			AgentRunSpec agent = AgentRunSpec.named("trip-planner").description("Plans trips");
			ToolSpec weather = ToolSpec.named("get_weather").description("Current weather for a city");
			ToolSpec activities = ToolSpec.named("find_activities").description("Things to do in a city");
			for (int run = 0; spans.size() < size; run++) {
				String id = Integer.toString(run);
				tracer.agentRun(agent, () -> {
					for (int tool = 1; tool < spansPerRun; tool++) {
						ToolSpec spec = (tool % 2 == 0) ? activities : weather;
						tracer.tool(spec.callId("call_" + tool + "_" + id), () -> "rainy, 14°C");
					}
					return id;
				});
			}
		}
		return List.copyOf(spans.subList(0, size));
	}

	/**
	 * The same spans as new traces: every trace of the batch gets a fresh random trace id
	 * (its spans keep their ids and parent links), as a stream of new agent runs would.
	 * The spans are wrapped, not copied.
	 * @param batch the spans to re-trace
	 * @return a batch of new traces
	 */
	static List<SpanData> asNewTraces(List<SpanData> batch) {
		Map<String, String> traceIds = new HashMap<>();
		List<SpanData> retraced = new ArrayList<>(batch.size());
		for (SpanData span : batch) {
			String traceId = traceIds.computeIfAbsent(span.getTraceId(), (old) -> IDS.generateTraceId());
			retraced.add(new Retraced(span, traceId));
		}
		return retraced;
	}

	private static final IdGenerator IDS = IdGenerator.random();

	private static final class Retraced extends DelegatingSpanData {

		private final SpanContext spanContext;

		private final SpanContext parentSpanContext;

		Retraced(SpanData span, String traceId) {
			super(span);
			this.spanContext = withTraceId(span.getSpanContext(), traceId);
			SpanContext parent = span.getParentSpanContext();
			this.parentSpanContext = parent.isValid() ? withTraceId(parent, traceId) : parent;
		}

		private static SpanContext withTraceId(SpanContext context, String traceId) {
			return SpanContext.create(traceId, context.getSpanId(), context.getTraceFlags(), context.getTraceState());
		}

		@Override
		public SpanContext getSpanContext() {
			return this.spanContext;
		}

		@Override
		public SpanContext getParentSpanContext() {
			return this.parentSpanContext;
		}

	}

	private record Collector(List<SpanData> spans) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			this.spans.addAll(batch);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
