package io.mre.it.faults;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A loopback TCP proxy in front of one node, for one caller: a peer's address in the caller's {@code node.yaml}
 * points here, and the test breaks that one link. The bytes (TLS records) pass untouched, so mutual TLS is between
 * the nodes themselves. Modes: {@link #pass()}; {@link #delay(Duration)} (every chunk, both ways, held that long,
 * order kept); {@link #reset()} (open connections and each new one closed with a TCP RST); {@link #blackhole()}
 * (connections accepted, every byte swallowed, nothing answered). Leaving the black hole resets the connections it
 * swallowed bytes of (their TLS streams are broken), as a healed partition's stale connections would time out.
 * The target address is read at each new connection, so it may change (a node restarted) or be unknown yet.
 */
public final class TcpProxy implements AutoCloseable {
    public enum Mode {
        PASS,
        DELAY,
        RESET,
        BLACKHOLE
    }

    private final String name;
    private final Supplier<String> target;
    private final EventLoopGroup group;
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final Channel server;
    private volatile Mode mode = Mode.PASS;
    private volatile long delayNanos;

    private TcpProxy(String name, Supplier<String> target, EventLoopGroup group) {
        this.name = requireNonNull(name, "name is null");
        this.target = requireNonNull(target, "target is null");
        this.group = requireNonNull(group, "group is null");
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Front());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    /** A proxy on a free loopback port (bound now, by this JVM) to whatever {@code target} names when called. */
    public static TcpProxy start(String name, Supplier<String> target, EventLoopGroup group) {
        return new TcpProxy(name, target, group);
    }

    public String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String name() {
        return name;
    }

    public Mode mode() {
        return mode;
    }

    public synchronized void pass() {
        Mode before = mode;
        mode = Mode.PASS;
        delayNanos = 0;
        if (before == Mode.BLACKHOLE) {
            resetAll();
        }
    }

    public synchronized void delay(Duration delay) {
        delayNanos = delay.toNanos();
        mode = Mode.DELAY;
    }

    public synchronized void reset() {
        mode = Mode.RESET;
        resetAll();
    }

    public synchronized void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    private void resetAll() {
        for (Channel c : open) {
            rst(c);
        }
    }

    private static void rst(Channel c) {
        if (c.isOpen()) {
            c.config().setOption(ChannelOption.SO_LINGER, 0);
            c.close();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        resetAll();
    }

    @Override
    public String toString() {
        return name + " " + address() + " (" + mode + ")";
    }

    /** The accepted side: connects to the target, then relays in both directions. */
    private final class Front extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel front = ctx.channel();
            open.add(front);
            front.closeFuture().addListener(f -> open.remove(front));
            if (mode == Mode.RESET) {
                rst(front);
                return;
            }
            if (mode == Mode.BLACKHOLE) {
                front.pipeline().replace(this, "swallow", new Relay(null));
                front.read();
                return;
            }
            String address = target.get();
            if (address == null) {
                rst(front);
                return;
            }
            int colon = address.lastIndexOf(':');
            new Bootstrap()
                    .group(front.eventLoop())
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new Relay(front));
                        }
                    })
                    .connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            rst(front);
                            return;
                        }
                        Channel back = f.channel();
                        open.add(back);
                        back.closeFuture().addListener(c -> {
                            open.remove(back);
                            rst(front);
                        });
                        front.pipeline().replace(Front.this, "relay", new Relay(back));
                        front.closeFuture().addListener(c -> rst(back));
                        front.read();
                        back.read();
                    });
        }
    }

    /** Relays what one side reads to the other ({@code to}; null: nowhere), as the proxy's mode says. */
    private final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel to;
        /** When the last chunk relayed by this side is released: a later chunk never overtakes it. */
        private long lastRelease;

        Relay(Channel to) {
            this.to = to;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // the back side becomes active before the front replaces its handler; reads start once both are wired
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Mode now = mode;
            if (to == null || now == Mode.BLACKHOLE) {
                ReferenceCountUtil.release(msg);
                ctx.read();
                return;
            }
            if (now == Mode.RESET) {
                ReferenceCountUtil.release(msg);
                rst(ctx.channel());
                rst(to);
                return;
            }
            long release = Math.max(System.nanoTime() + (now == Mode.DELAY ? delayNanos : 0), lastRelease);
            lastRelease = release;
            long wait = release - System.nanoTime();
            if (wait <= 0) {
                to.writeAndFlush(msg).addListener(f -> ctx.read());
            } else {
                // read on at once: a delay holds the bytes, it does not stop the sender
                ctx.executor().schedule(() -> to.writeAndFlush(msg), wait, TimeUnit.NANOSECONDS);
                ctx.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (to != null && to.isActive()) {
                to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            rst(ctx.channel());
        }
    }
}
