package dev.agenttracing.content;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.redact.Redactor;

/**
 * Builds a {@link ContentRecorder}; {@link ContentRecorder#builder(Redactor)} starts one.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ContentRecorderBuilder {

	private final Redactor redactor;

	private boolean enabled;

	private int maxLength = ContentRecorder.DEFAULT_MAX_LENGTH;

	private @Nullable JsonMapper jsonMapper;

	private List<LlmContentExtractor> extractors = List.of();

	ContentRecorderBuilder(Redactor redactor) {
		Assert.notNull(redactor, "'redactor' must not be null");
		this.redactor = redactor;
	}

	/**
	 * Whether content is recorded by default.
	 * @param enabled whether to record content
	 * @return this builder
	 */
	public ContentRecorderBuilder enabled(boolean enabled) {
		this.enabled = enabled;
		return this;
	}

	/**
	 * Size budget of one attribute value, in characters.
	 * @param maxLength the budget, at least 64
	 * @return this builder
	 */
	public ContentRecorderBuilder maxLength(int maxLength) {
		Assert.isTrue(maxLength >= ContentRecorder.MIN_MAX_LENGTH,
				"'maxLength' must be at least " + ContentRecorder.MIN_MAX_LENGTH);
		this.maxLength = maxLength;
		return this;
	}

	/**
	 * The application's JSON mapper, so values serialize as they do elsewhere in the
	 * application.
	 * @param jsonMapper the mapper, or {@code null} for a default one
	 * @return this builder
	 */
	public ContentRecorderBuilder jsonMapper(@Nullable JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		return this;
	}

	/**
	 * Extractors that read LLM content from types agent-tracing does not know, asked in
	 * order.
	 * @param extractors the extractors
	 * @return this builder
	 */
	public ContentRecorderBuilder extractors(List<? extends LlmContentExtractor> extractors) {
		this.extractors = List.copyOf(extractors);
		return this;
	}

	/**
	 * Build the recorder.
	 * @return a new recorder
	 */
	public ContentRecorder build() {
		return new ContentRecorder(this.redactor, this.enabled, this.maxLength, this.jsonMapper, this.extractors);
	}

}
