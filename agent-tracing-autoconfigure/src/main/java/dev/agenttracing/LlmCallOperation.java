package dev.agenttracing;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.content.LlmContent;
import dev.agenttracing.metrics.FinishedOperation;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * A call to a model: reads each result it is given once (response model, id, finish
 * reasons, token usage and, when content is recorded, the answer), marks the time to the
 * first streamed chunk, and at its end prices its usage and adds usage, cost and provider
 * to its run.
 *
 * @author agent-tracing
 */
final class LlmCallOperation extends TracedOperation {

	private static final ContextKey<LlmCallOperation> KEY = ContextKey.named("dev.agenttracing.llm-call");

	private static final AtomicIntegerFieldUpdater<LlmCallOperation> FIRST_CHUNK_SEEN = AtomicIntegerFieldUpdater
		.newUpdater(LlmCallOperation.class, "firstChunkSeen");

	private final @Nullable String provider;

	private final @Nullable String requestModel;

	private final TokenUsage usage = new TokenUsage();

	// 0 or 1, set once through the updater.
	private volatile int firstChunkSeen;

	private volatile @Nullable String responseModel;

	private volatile @Nullable Double timeToFirstChunkSeconds;

	/** How the answer is recorded; {@code null} when content is not recorded. */
	private volatile @Nullable ContentRecorder outputContent;

	LlmCallOperation(Instruments instruments, Span span, Context parent, String operationName,
			@Nullable String provider, @Nullable String requestModel, @Nullable RunState run) {
		super(instruments, span, parent, operationName, run, true);
		this.provider = provider;
		this.requestModel = requestModel;
	}

	static @Nullable LlmCallOperation current() {
		return Context.current().get(KEY);
	}

	@Override
	Context storeIn(Context context) {
		return context.with(KEY, this);
	}

	/**
	 * Record the answer as {@code gen_ai.output.messages}, as {@code content} makes it.
	 */
	void recordOutput(ContentRecorder content) {
		this.outputContent = content;
	}

	@Override
	void onValue(@Nullable Object value, boolean recordContent) {
		if (value == null) {
			return;
		}
		// Read once: the same result gives the answer's content and the usage.
		LlmResult result = this.instruments.readResult(value);
		ContentRecorder content = this.outputContent;
		if (content != null && recordContent) {
			recordOutput(GenAiAttributes.OUTPUT_MESSAGES, () -> outputMessages(content, value, result));
		}
		if (result != null) {
			record(result);
		}
	}

	private static @Nullable String outputMessages(ContentRecorder content, Object value, @Nullable LlmResult result) {
		if (result == null) {
			return content.llmOutputMessages(value, null, null);
		}
		List<String> reasons = result.finishReasons();
		String finishReason = (reasons != null && !reasons.isEmpty()) ? reasons.get(0) : null;
		return content.llmOutputMessages(value, LlmContent.ofMessages(result.content()), finishReason);
	}

	@Override
	public void onStreamElement(@Nullable Object element) {
		if (FIRST_CHUNK_SEEN.compareAndSet(this, 0, 1)) {
			double seconds = (System.nanoTime() - this.startNanos) / 1e9;
			this.timeToFirstChunkSeconds = seconds;
			safely(() -> this.span.setAttribute(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, seconds));
		}
		if (element != null) {
			LlmResult result = this.instruments.readResult(element);
			if (result != null) {
				record(result);
			}
		}
	}

	@Override
	public void markStreaming() {
		super.markStreaming();
		safely(() -> this.span.setAttribute(GenAiAttributes.REQUEST_STREAM, true));
	}

	/** Apply what an LLM result says; later results win for the counts they report. */
	@Override
	void record(LlmResult result) {
		if (isEnded()) {
			return;
		}
		try {
			String model = result.responseModel();
			if (model != null) {
				this.responseModel = model;
				this.span.setAttribute(GenAiAttributes.RESPONSE_MODEL, model);
			}
			String id = result.responseId();
			if (id != null) {
				this.span.setAttribute(GenAiAttributes.RESPONSE_ID, id);
			}
			List<String> finishReasons = result.finishReasons();
			if (finishReasons != null && !finishReasons.isEmpty()) {
				this.span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.copyOf(finishReasons));
			}
			this.usage.set(result);
		}
		catch (Throwable ex) {
			TracingFaults.report("reading an LLM result", ex);
		}
	}

	/** Price the usage, write usage and cost to the span and add them to the run. */
	@Override
	TokenUsage summarize() {
		TokenUsage totals = this.usage.snapshot();
		ModelPricing.Price price = this.instruments.pricing().priceOf(this.responseModel, this.requestModel);
		if (price != null) {
			totals.setCost(price.cost(totals.input(), totals.output(), totals.cacheRead()));
		}
		totals.applyTo(this.span, true);
		writeCost(totals.cost());
		RunState run = this.run;
		if (run != null) {
			run.usage().add(totals);
			run.offerProvider(this.provider);
		}
		return totals;
	}

	@Override
	FinishedOperation finished(@Nullable String errorType, double durationSeconds, @Nullable TokenUsage totals) {
		return new FinishedOperation(this.operationName, this.provider, this.requestModel, this.responseModel,
				errorType, durationSeconds, (totals != null) ? totals.input() : null,
				(totals != null) ? totals.output() : null, this.timeToFirstChunkSeconds,
				(totals != null) ? totals.cost() : null, this.instruments.pricing().currency());
	}

	@Override
	@Nullable String provider() {
		return this.provider;
	}

}
