package dev.agenttracing.sample;

import io.opentelemetry.api.trace.Span;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

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

	public record ChatRequest(String message) {
	}

	public record ChatResponse(String reply, String traceId) {
	}

}
