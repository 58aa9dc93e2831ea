package dev.agenttracing.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import dev.agenttracing.annotation.AgentRun;

/**
 * The top-level agent: a classic loop that asks the model what to do, runs the tool it asks
 * for (the activity tool calls the local-guide subagent), feeds the result back, and stops when
 * the model answers. A failing tool does not fail the run: the model is told.
 */
@Component
public class TripPlannerAgent {

	private static final String INSTRUCTIONS = "You plan short trips. Check the weather, then find activities.";

	private static final int MAX_STEPS = 5;

	private static final int PLANNED_TOOL_STEPS = 2;

	private final ScriptedLlm llm;

	private final WeatherTools weather;

	private final ActivityTools activities;

	private final AtomicLong callIds = new AtomicLong();

	public TripPlannerAgent(ScriptedLlm llm, WeatherTools weather, ActivityTools activities) {
		this.llm = llm;
		this.weather = weather;
		this.activities = activities;
	}

	@AgentRun(name = "trip-planner", description = "Plans trips", version = "1.0")
	public String plan(String request) {
		List<ChatMessage> conversation = start(request);
		ChatAnswer answer = this.llm.chat(conversation);
		for (int step = 0; answer.toolName() != null && step < MAX_STEPS; step++) {
			runToolCall(answer, conversation);
			answer = this.llm.chat(conversation);
		}
		return (answer.text() != null) ? answer.text() : "Sorry, I could not plan that trip.";
	}

	/**
	 * The same loop, but the final answer is streamed: the agent knows its plan has two tool
	 * steps, and streams once both results are in.
	 * @param request the user's request
	 * @return the answer's chunks
	 */
	@AgentRun(name = "trip-planner-streaming", description = "Plans trips, streaming the answer", version = "1.0")
	public Flux<String> planStreaming(String request) {
		List<ChatMessage> conversation = start(request);
		for (int step = 0; step < PLANNED_TOOL_STEPS; step++) {
			runToolCall(this.llm.chat(conversation), conversation);
		}
		return this.llm.stream(conversation).map(ChatChunk::text);
	}

	private static List<ChatMessage> start(String request) {
		return new ArrayList<>(List.of(ChatMessage.system(INSTRUCTIONS), ChatMessage.user(request)));
	}

	private void runToolCall(ChatAnswer answer, List<ChatMessage> conversation) {
		if (answer.toolName() == null) {
			return;
		}
		conversation.add(ChatMessage.assistant("call " + answer.toolName() + "(" + answer.toolArgument() + ")"));
		conversation.add(ChatMessage.tool(runTool(answer.toolName(), answer.toolArgument(), conversation)));
	}

	private String runTool(String name, String city, List<ChatMessage> conversation) {
		if (name.equals("get_weather")) {
			try {
				return this.weather.currentWeather(city, "call_" + this.callIds.incrementAndGet());
			}
			catch (WeatherTools.UnknownCityException ex) {
				return "weather unknown";
			}
		}
		String forecast = conversation.stream()
			.filter((message) -> message.role().equals("tool"))
			.reduce((first, second) -> second)
			.map(ChatMessage::content)
			.orElse("weather unknown");
		return String.join(", ", this.activities.findActivities(city, forecast));
	}

}
