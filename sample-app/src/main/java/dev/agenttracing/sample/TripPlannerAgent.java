package dev.agenttracing.sample;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import dev.agenttracing.annotation.AgentRun;

/**
 * The top-level agent: one Spring AI {@link ChatClient} prompt with two tools. Spring AI
 * runs the loop: the model asks for the weather, then for activities (the activity tool
 * calls the local-guide subagent), and answers once both results are in. A failing tool
 * does not fail the run: Spring AI hands the error to the model.
 */
@Component
public class TripPlannerAgent {

	private static final String INSTRUCTIONS = "You plan short trips. Check the weather, then find activities.";

	private final ChatClient chatClient;

	public TripPlannerAgent(ChatClient.Builder chatClient, WeatherTools weather, ActivityTools activities) {
		this.chatClient = chatClient.defaultSystem(INSTRUCTIONS).defaultTools(weather, activities).build();
	}

	@AgentRun(name = "trip-planner", description = "Plans trips", version = "1.0")
	public String plan(String request) {
		String reply = this.chatClient.prompt().user(request).call().content();
		return (reply != null) ? reply : "Sorry, I could not plan that trip.";
	}

	/**
	 * The same prompt, streamed: the tool turns and the answer arrive as server-sent
	 * events from the model, and the answer's words reach the caller as they come.
	 * @param request the user's request
	 * @return the answer's chunks
	 */
	@AgentRun(name = "trip-planner-streaming", description = "Plans trips, streaming the answer", version = "1.0")
	public Flux<String> planStreaming(String request) {
		return this.chatClient.prompt().user(request).stream().content();
	}

}
