package dev.ridgeline.benchmarks.load;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one thread every bench channel does its network work on, which also sends the open-loop
 * calls. The load generator shares the machine's cores with the service it measures, so each
 * thread it wakes per call competes with the service's: with gRPC's default four event loops and a
 * sender thread, a call woke two client threads; here a send is a timer firing on the thread that
 * writes it, and its answer is read and timed on the same thread. Epoll's timers keep the schedule
 * to microseconds where NIO's selector rounds waits up to whole milliseconds.
 */
final class ClientEventLoop implements SendLoop, AutoCloseable {

    private final EventLoopGroup group;
    private final boolean epoll;

    ClientEventLoop() {
        this.epoll = Epoll.isAvailable();
        this.group = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    }

    /** Puts a channel's transport and its callbacks on this loop. */
    NettyChannelBuilder configure(NettyChannelBuilder channel) {
        return channel.eventLoopGroup(group)
                .channelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .directExecutor();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void runAt(long nanos, Runnable task) {
        long delay = nanos - System.nanoTime();
        if (delay > 0) {
            group.schedule(task, delay, TimeUnit.NANOSECONDS);
        } else {
            group.execute(task);
        }
    }

    @Override
    public void await(CompletableFuture<?> done) throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("an open-loop send failed", e.getCause());
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
