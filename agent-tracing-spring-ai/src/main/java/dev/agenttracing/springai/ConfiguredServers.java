package dev.agenttracing.springai;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * The model server of each provider as the application configures it for Spring AI, for
 * {@code server.address} and {@code server.port}: Spring AI's chat observation does not
 * carry it, and its OpenAI and Anthropic modules keep the base URL in their SDK client,
 * not in the request options. Read once at startup from Spring AI's own properties
 * ({@code spring.ai.<provider>.chat.base-url}, then
 * {@code spring.ai.<provider>.base-url}), falling back to the provider's public endpoint.
 * A base URL in a request's options wins.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ConfiguredServers {

	/**
	 * Spring AI's property prefix and public endpoint per provider name Spring AI
	 * reports.
	 */
	private static final Map<String, Provider> PROVIDERS = Map.of("openai",
			new Provider("spring.ai.openai", "https://api.openai.com"), "anthropic",
			new Provider("spring.ai.anthropic", "https://api.anthropic.com"), "mistral_ai",
			new Provider("spring.ai.mistralai", "https://api.mistral.ai"), "deepseek",
			new Provider("spring.ai.deepseek", "https://api.deepseek.com"), "ollama",
			new Provider("spring.ai.ollama", "http://localhost:11434"));

	private final Map<String, ProviderOptions.Server> servers;

	private ConfiguredServers(Map<String, ProviderOptions.Server> servers) {
		this.servers = Map.copyOf(servers);
	}

	/**
	 * Read the servers from the application's properties.
	 * @param environment the environment
	 * @return the servers
	 */
	public static ConfiguredServers from(Environment environment) {
		Map<String, ProviderOptions.Server> servers = new HashMap<>();
		PROVIDERS.forEach((name, provider) -> {
			String url = environment.getProperty(provider.prefix() + ".chat.base-url");
			if (url == null) {
				url = environment.getProperty(provider.prefix() + ".base-url", provider.publicEndpoint());
			}
			ProviderOptions.Server server = ProviderOptions.parse(url);
			if (server != null) {
				servers.put(name, server);
			}
		});
		return new ConfiguredServers(servers);
	}

	ProviderOptions.@Nullable Server serverOf(@Nullable String springAiProvider) {
		return (springAiProvider != null) ? this.servers.get(springAiProvider) : null;
	}

	private record Provider(String prefix, String publicEndpoint) {
	}

}
