package dev.agenttracing.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.UserMessage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An AI service whose tool asks another AI service: a subagent.
 *
 * @author agent-tracing
 */
@Configuration(proxyBeanMethods = false)
class TripPlannerApp {

	@Bean
	LocalGuide localGuide(ChatModel chatModel) {
		return AiServices.create(LocalGuide.class, chatModel);
	}

	@Bean
	GuideTools guideTools(LocalGuide localGuide) {
		return new GuideTools(localGuide);
	}

	@Bean
	Planner planner(ChatModel chatModel, GuideTools guideTools) {
		return AiServices.builder(Planner.class).chatModel(chatModel).tools(guideTools).build();
	}

	interface Planner {

		String plan(@UserMessage String request);

	}

	interface LocalGuide {

		String recommend(@UserMessage String city);

	}

	static class GuideTools {

		private final LocalGuide localGuide;

		GuideTools(LocalGuide localGuide) {
			this.localGuide = localGuide;
		}

		@dev.langchain4j.agent.tool.Tool("Asks a local guide what to see in a city")
		public String askGuide(String city) {
			return this.localGuide.recommend(city);
		}

	}

}
