package io.mre.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;

/** Completes a future with the one response of a unary call; cancelling the future cancels the call. */
final class UnaryFuture<Q, T> implements ClientResponseObserver<Q, T> {
    private final String target;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private T value;

    UnaryFuture(String target) {
        this.target = target;
    }

    CompletableFuture<T> result() {
        return result;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> call) {
        result.whenComplete((v, t) -> {
            if (result.isCancelled()) {
                call.cancel("cancelled by the caller", null);
            }
        });
    }

    @Override
    public void onNext(T response) {
        value = response;
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(ErrorDecoder.decode(target, t));
    }

    @Override
    public void onCompleted() {
        result.complete(value);
    }
}
