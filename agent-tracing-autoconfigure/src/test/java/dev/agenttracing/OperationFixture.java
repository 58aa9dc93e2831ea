package dev.agenttracing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.metrics.FinishedOperation;
import dev.agenttracing.redact.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real OpenTelemetry SDK exporting to memory, and the instruments operations are made
 * with: for tests that build the operation classes directly, without {@link AgentTracer}.
 */
final class OperationFixture implements AutoCloseable {

	static final ModelPricing PRICING = new ModelPricing("EUR",
			Map.of("gpt-4o", new ModelPricing.Price(new BigDecimal("2.50"), new BigDecimal("10.00"), null)));

	final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	final List<FinishedOperation> finished = new CopyOnWriteArrayList<>();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final Tracer tracer = this.openTelemetry.getTracer("operation-tests");

	final Instruments instruments;

	OperationFixture(boolean recordContent, LlmResultExtractor... extractors) {
		this.instruments = new Instruments(List.of(extractors), PRICING, this.finished::add,
				ContentRecorder.builder(Redactor.builder().build()).enabled(recordContent).build());
	}

	Span startSpan(String name, SpanKind kind, Context parent) {
		return this.tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
	}

	AgentRunOperation agentRun(String name, Context parent, @Nullable String provider) {
		RunState run = new RunState(RunState.from(parent), this.instruments.content().isEnabled(), provider);
		return new AgentRunOperation(this.instruments, startSpan("invoke_agent " + name, SpanKind.INTERNAL, parent),
				parent, run, provider);
	}

	LlmCallOperation llmCall(Context parent, @Nullable String provider, @Nullable String model) {
		return new LlmCallOperation(this.instruments, startSpan("chat " + model, SpanKind.CLIENT, parent), parent,
				"chat", provider, model, RunState.from(parent));
	}

	ToolOperation tool(String name, Context parent) {
		return new ToolOperation(this.instruments, startSpan("execute_tool " + name, SpanKind.INTERNAL, parent), parent,
				name, RunState.from(parent));
	}

	SpanData onlySpan() {
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	SpanData span(String name) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + this.exporter.getFinishedSpanItems()));
	}

	@Override
	public void close() {
		this.openTelemetry.close();
	}

	/** What a model answered, as a record implementing {@link LlmResult}. */
	record Answer(@Nullable Object content, @Nullable String responseModel, @Nullable List<String> finishReasons,
			@Nullable Long inputTokens, @Nullable Long outputTokens) implements LlmResult {
	}

}
