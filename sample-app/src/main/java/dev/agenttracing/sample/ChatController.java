package dev.agenttracing.sample;

import io.opentelemetry.api.trace.Span;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code POST /api/chat}: runs the trip planner on the user's message.
 */
@RestController
@RequestMapping("/api")
public class ChatController {

	private final TripPlannerAgent agent;

	public ChatController(TripPlannerAgent agent) {
		this.agent = agent;
	}

	@PostMapping("/chat")
	public ChatResponse chat(@RequestBody ChatRequest request) {
		String reply = this.agent.plan(request.message());
		return new ChatResponse(reply, Span.current().getSpanContext().getTraceId());
	}

	/**
	 * {@code POST /api/chat/stream}: the same agent, streaming the model's answer as it comes.
	 * @param request the user's message
	 * @return the answer's chunks, as server-sent events
	 */
	@PostMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public Flux<String> stream(@RequestBody ChatRequest request) {
		return this.agent.planStreaming(request.message());
	}

	public record ChatRequest(String message) {
	}

	public record ChatResponse(String reply, String traceId) {
	}

}
