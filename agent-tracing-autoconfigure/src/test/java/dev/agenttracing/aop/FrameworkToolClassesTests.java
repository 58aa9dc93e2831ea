package dev.agenttracing.aop;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.Tool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class with LangChain4j tool methods is never matched by the advisors' pointcuts, so
 * no advisor proxies it: LangChain4j finds tools on the bean's own class.
 *
 * @author agent-tracing
 */
class FrameworkToolClassesTests {

	@Test
	void langChain4jToolClassesAreNotMatchedByAnyAdvisor() throws Exception {
		for (TracedMethodPointcut pointcut : new TracedMethodPointcut[] { new TracedMethodPointcut(Tool.class, false),
				new TracedMethodPointcut(AgentRun.class, true) }) {
			assertThat(pointcut.getClassFilter().matches(BothTools.class)).isFalse();
			assertThat(pointcut.getClassFilter().matches(InheritsLangChain4jTool.class)).isFalse();
			assertThat(pointcut.getClassFilter().matches(OursOnly.class)).isTrue();
		}
		Method ours = ReflectionUtils.findMethod(OursOnly.class, "weather", String.class);
		assertThat(new TracedMethodPointcut(Tool.class, false).matches(ours, OursOnly.class)).isTrue();
	}

	static class BothTools {

		@Tool
		@dev.langchain4j.agent.tool.Tool
		public String weather(String city) {
			return city;
		}

		@AgentRun
		public String plan(String request) {
			return request;
		}

	}

	static class InheritsLangChain4jTool extends BothTools {

	}

	static class OursOnly {

		@Tool
		public String weather(String city) {
			return city;
		}

	}

}
