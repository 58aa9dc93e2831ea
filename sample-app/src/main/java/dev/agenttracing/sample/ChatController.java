package dev.agenttracing.sample;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

import dev.agenttracing.AgentContext;

/**
 * The chat API: runs the trip planner on the user's message.
 */
@RestController
@RequestMapping("/api")
public class ChatController {

	private final TripPlannerAgent agent;

	public ChatController(TripPlannerAgent agent) {
		this.agent = agent;
	}

	/**
	 * {@code POST /api/chat}: the user (header {@code X-User-Id}) and the conversation go
	 * into an {@link AgentContext}, so every span of the run can be found by user and
	 * conversation.
	 * @param userId the signed-in user, if any
	 * @param request the user's message
	 * @return the reply and the trace id to look it up by
	 */
	@PostMapping("/chat")
	public ChatResponse chat(@RequestHeader(name = "X-User-Id", required = false) @Nullable String userId,
			@RequestBody ChatRequest request) {
		try (Scope scope = AgentContext.builder()
			.userId(userId)
			.conversationId(request.conversationId())
			.tag("web")
			.makeCurrent()) {
			String reply = this.agent.plan(request.message());
			return new ChatResponse(reply, Span.current().getSpanContext().getTraceId());
		}
	}

	/**
	 * {@code POST /api/chat/stream}: the same agent, streaming the model's answer as it
	 * comes.
	 * @param request the user's message
	 * @return the answer's chunks, as server-sent events
	 */
	@PostMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public Flux<String> stream(@RequestBody ChatRequest request) {
		return this.agent.planStreaming(request.message());
	}

	public record ChatRequest(String message, @Nullable String conversationId) {
	}

	public record ChatResponse(String reply, String traceId) {
	}

}
