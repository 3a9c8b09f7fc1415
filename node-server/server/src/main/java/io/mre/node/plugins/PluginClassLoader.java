package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin: the SPI packages from the node, the JDK's platform classes (its parent), then the
 * plugin's own jar. Nothing else of the node is visible, so a plugin can bundle any library version without
 * disturbing the node or other plugins, and cannot replace a JDK class (after Trino's PluginClassLoader).
 */
final class PluginClassLoader extends URLClassLoader {
    private final ClassLoader host;
    private final List<String> sharedPackages;

    PluginClassLoader(String name, List<URL> urls, ClassLoader host, List<String> sharedPackages) {
        super(name, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.host = requireNonNull(host, "host is null");
        this.sharedPackages = List.copyOf(sharedPackages);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (isShared(name)) {
                    c = host.loadClass(name);
                } else {
                    // Platform first: a jar bundling a JDK class (javax.sql, an old javax.xml ...) must not
                    // replace it, or the same type would be two types across the plugin boundary.
                    try {
                        c = getParent().loadClass(name);
                    } catch (ClassNotFoundException e) {
                        c = findClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isSharedResource(name)) {
            return host.getResource(name);
        }
        URL url = findResource(name);
        return url != null ? url : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>();
        if (isSharedResource(name)) {
            urls.addAll(Collections.list(host.getResources(name)));
        } else {
            urls.addAll(Collections.list(findResources(name)));
            urls.addAll(Collections.list(getParent().getResources(name)));
        }
        return Collections.enumeration(urls);
    }

    private boolean isShared(String className) {
        for (String p : sharedPackages) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private boolean isSharedResource(String resource) {
        return isShared(resource.replace('/', '.'));
    }
}
