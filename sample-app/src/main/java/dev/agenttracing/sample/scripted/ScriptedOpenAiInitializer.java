package dev.agenttracing.sample.scripted;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points Spring AI's OpenAI client at the {@link ScriptedOpenAiServer}, unless
 * {@code spring.ai.openai.base-url} is set: then the application talks to that endpoint
 * (the real OpenAI, or any compatible server) and no scripted server is started.
 * <p>
 * An initializer rather than a bean, because the base URL must be in the environment
 * before Spring AI binds its properties, and the server's port is ephemeral: known only
 * once it is bound. The server is then registered as a bean, so the context starts and
 * stops it.
 */
public class ScriptedOpenAiInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String BASE_URL = "spring.ai.openai.base-url";

	static final String API_KEY = "spring.ai.openai.api-key";

	/**
	 * {@code false} answers at once instead of at a model's pace (the load benchmarks set
	 * it).
	 */
	static final String LATENCY = "sample.scripted-model.latency";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (environment.containsProperty(BASE_URL) || !(context instanceof GenericApplicationContext registry)) {
			return;
		}
		ScriptedOpenAiServer server = new ScriptedOpenAiServer(environment.getProperty(LATENCY, Boolean.class, true));
		// An empty key puts Spring AI's client in no-auth mode: no Authorization header,
		// so a key
		// set for the real endpoint is never sent to the script.
		Map<String, Object> properties = Map.of(BASE_URL, server.baseUrl(), API_KEY, "");
		environment.getPropertySources().addFirst(new MapPropertySource("scriptedOpenAi", properties));
		registry.registerBean("scriptedOpenAiServer", ScriptedOpenAiServer.class, () -> server);
	}

}
