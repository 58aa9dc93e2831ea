package dev.agenttracing.context;

import java.util.function.Function;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CorePublisher;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * Runs a Reactor {@link Flux} or {@link Mono} in an OpenTelemetry context that is not the
 * subscriber's: the context of the operation that returned it. A publisher is returned
 * before anything has run; the work happens when it is subscribed, later and often on
 * other threads. So the scoped publisher
 * <ul>
 * <li>makes the given context current while it subscribes to its source and while it
 * requests from it or cancels it (work done at subscription, such as
 * {@code Mono.fromCallable}, sees the operation as parent), and makes the subscriber's
 * own context current again while it passes signals down;</li>
 * <li>writes the given context into the Reactor context under
 * {@link OpenTelemetryContextThreadLocalAccessor#KEY}, from where context-propagation
 * restores it in {@code handle} and {@code tap}, and with Reactor's automatic context
 * propagation ({@code spring.reactor.context-propagation=auto}) on every operator and
 * thread hop.</li>
 * </ul>
 * Load it only when Reactor is on the class path.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ScopedPublishers {

	// A compile-time constant: reading it does not load the accessor (nor
	// context-propagation).
	private static final String CONTEXT_KEY = OpenTelemetryContextThreadLocalAccessor.KEY;

	// Micrometer's ObservationThreadLocalAccessor.KEY, by value: Micrometer stays
	// optional.
	private static final String OBSERVATION_KEY = "micrometer.observation";

	private ScopedPublishers() {
	}

	/**
	 * The given flux, run in the given context.
	 * @param <T> the element type
	 * @param flux the flux
	 * @param context the context it runs in
	 * @return the scoped flux
	 */
	public static <T> Flux<T> scoped(Flux<T> flux, Context context) {
		return new ScopedFlux<>(flux.contextWrite(inContext(context)), context);
	}

	/**
	 * The given mono, run in the given context.
	 * @param <T> the value type
	 * @param mono the mono
	 * @param context the context it runs in
	 * @return the scoped mono
	 */
	public static <T> Mono<T> scoped(Mono<T> mono, Context context) {
		return new ScopedMono<>(mono.contextWrite(inContext(context)), context);
	}

	// A subscriber that captured its thread's values into the Reactor context (Spring MVC
	// does,
	// for a returned Flux) hands down the observation current where it subscribed, the
	// HTTP
	// request's: frameworks that parent their observations on that key (Spring AI's
	// ChatClient
	// stream) would start beside the operation, in the request's context without it. The
	// operation is the nearer parent: inside it, the key is dropped, so they take the
	// current
	// context, which is the operation's while it is subscribed.
	private static Function<reactor.util.context.Context, reactor.util.context.Context> inContext(Context context) {
		return (outer) -> outer.delete(OBSERVATION_KEY).put(CONTEXT_KEY, context);
	}

	private static <T> void subscribeInContext(CorePublisher<? extends T> source, CoreSubscriber<? super T> actual,
			Context context) {
		ScopedSubscriber<T> subscriber = new ScopedSubscriber<>(actual, context, Context.current());
		try (Scope scope = ContextScopes.attach(context)) {
			source.subscribe(subscriber);
		}
	}

	/**
	 * Subscribes to its source with the operation's context current.
	 */
	private static final class ScopedFlux<T> extends FluxOperator<T, T> {

		private final Context context;

		ScopedFlux(Flux<? extends T> source, Context context) {
			super(source);
			this.context = context;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			subscribeInContext(this.source, actual, this.context);
		}

		@Override
		public @Nullable Object scanUnsafe(Attr key) {
			return (key == Attr.RUN_STYLE) ? Attr.RunStyle.SYNC : super.scanUnsafe(key);
		}

	}

	/**
	 * Subscribes to its source with the operation's context current.
	 */
	private static final class ScopedMono<T> extends MonoOperator<T, T> {

		private final Context context;

		ScopedMono(Mono<? extends T> source, Context context) {
			super(source);
			this.context = context;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			subscribeInContext(this.source, actual, this.context);
		}

		@Override
		public @Nullable Object scanUnsafe(Attr key) {
			return (key == Attr.RUN_STYLE) ? Attr.RunStyle.SYNC : super.scanUnsafe(key);
		}

	}

	/**
	 * Requests and cancels in the operation's context; passes signals down in the
	 * subscriber's context (the one current when it subscribed).
	 */
	private static final class ScopedSubscriber<T> implements CoreSubscriber<T>, Subscription, Scannable {

		private final CoreSubscriber<? super T> actual;

		private final Context context;

		private final Context subscriberContext;

		private @Nullable Subscription subscription;

		ScopedSubscriber(CoreSubscriber<? super T> actual, Context context, Context subscriberContext) {
			this.actual = actual;
			this.context = context;
			this.subscriberContext = subscriberContext;
		}

		@Override
		public reactor.util.context.Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
			try (Scope scope = ContextScopes.attach(this.subscriberContext)) {
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(T value) {
			try (Scope scope = ContextScopes.attach(this.subscriberContext)) {
				this.actual.onNext(value);
			}
		}

		@Override
		public void onError(Throwable failure) {
			try (Scope scope = ContextScopes.attach(this.subscriberContext)) {
				this.actual.onError(failure);
			}
		}

		@Override
		public void onComplete() {
			try (Scope scope = ContextScopes.attach(this.subscriberContext)) {
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			Subscription subscription = this.subscription;
			if (subscription != null) {
				try (Scope scope = ContextScopes.attach(this.context)) {
					subscription.request(n);
				}
			}
		}

		@Override
		public void cancel() {
			Subscription subscription = this.subscription;
			if (subscription != null) {
				try (Scope scope = ContextScopes.attach(this.context)) {
					subscription.cancel();
				}
			}
		}

		@Override
		public @Nullable Object scanUnsafe(Attr key) {
			if (key == Attr.PARENT) {
				return this.subscription;
			}
			if (key == Attr.ACTUAL) {
				return this.actual;
			}
			return (key == Attr.RUN_STYLE) ? Attr.RunStyle.SYNC : null;
		}

	}

}
