package dev.agenttracing.springai;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.beans.BeanUtils;
import org.springframework.util.StringUtils;

/**
 * Reads what a provider's chat options expose beyond {@link ChatOptions}, through their
 * public bean properties: {@code baseUrl} (the server the module talks to: OpenAI,
 * Anthropic and the OpenAI-compatible ones have it) and {@code seed}. Options without
 * such a property give nothing; the getters found are cached per options class.
 *
 * @author agent-tracing
 */
final class ProviderOptions {

	private static final Map<Class<?>, Getters> GETTERS = new ConcurrentHashMap<>();

	private static final int MAX_CACHED_CLASSES = 64;

	// The last base URL parsed and its server: an application talks to one or a few
	// servers,
	// and parsing a URI on every model call costs more than the rest of reading the
	// options.
	private static volatile @Nullable ParsedUrl lastParsed;

	private ProviderOptions() {
	}

	/**
	 * The server the options point at.
	 * @param options the request's options
	 * @return the host and port, or {@code null} when the options name no base URL
	 */
	static @Nullable Server server(@Nullable ChatOptions options) {
		Object baseUrl = read(options, getters(options).baseUrl());
		if (!(baseUrl instanceof String url)) {
			return null;
		}
		ParsedUrl last = lastParsed;
		if (last != null && last.url().equals(url)) {
			return last.server();
		}
		Server server = parse(url);
		lastParsed = new ParsedUrl(url, server);
		return server;
	}

	/**
	 * The host and port of a base URL.
	 * @param url the URL
	 * @return the server, or {@code null} when {@code url} names no host
	 */
	static @Nullable Server parse(@Nullable String url) {
		if (!StringUtils.hasText(url)) {
			return null;
		}
		try {
			URI uri = URI.create(url.trim());
			if (uri.getHost() == null) {
				return null;
			}
			int port = uri.getPort();
			if (port < 0) {
				port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
			}
			return new Server(uri.getHost(), port);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * The seed the options ask for.
	 * @param options the request's options
	 * @return the seed, or {@code null}
	 */
	static @Nullable Long seed(@Nullable ChatOptions options) {
		Object seed = read(options, getters(options).seed());
		return (seed instanceof Number number) ? number.longValue() : null;
	}

	private static Getters getters(@Nullable ChatOptions options) {
		if (options == null) {
			return Getters.NONE;
		}
		Class<?> type = options.getClass();
		Getters getters = GETTERS.get(type);
		if (getters == null) {
			getters = new Getters(getter(type, "baseUrl"), getter(type, "seed"));
			if (GETTERS.size() < MAX_CACHED_CLASSES) {
				GETTERS.put(type, getters);
			}
		}
		return getters;
	}

	private static @Nullable Method getter(Class<?> type, String property) {
		PropertyDescriptor descriptor = BeanUtils.getPropertyDescriptor(type, property);
		Method getter = (descriptor != null) ? descriptor.getReadMethod() : null;
		if (getter == null || !isPublic(getter)) {
			return null;
		}
		// A public getter needs no access check, but Method.invoke makes one on every
		// call
		// unless told not to, and that check asks the JVM for the caller's class (a stack
		// walk): in the sample's profile it was most of reading the options.
		getter.trySetAccessible();
		return getter;
	}

	private static boolean isPublic(Method method) {
		return Modifier.isPublic(method.getModifiers()) && Modifier.isPublic(method.getDeclaringClass().getModifiers());
	}

	private static @Nullable Object read(@Nullable ChatOptions options, @Nullable Method getter) {
		if (options == null || getter == null) {
			return null;
		}
		try {
			return getter.invoke(options);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * A model server.
	 *
	 * @param address host name or address
	 * @param port port
	 */
	record Server(String address, int port) {
	}

	private record ParsedUrl(String url, @Nullable Server server) {
	}

	private record Getters(@Nullable Method baseUrl, @Nullable Method seed) {

		static final Getters NONE = new Getters(null, null);

	}

}
