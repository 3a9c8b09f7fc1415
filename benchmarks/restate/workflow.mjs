// The K-step two-party workflow on Restate: two services, "insurer" and "bureau". Step i runs at the insurer when i
// is even, at the bureau when it is odd: each step is one ctx.run (journaled durably) and, unless it is the last,
// a call to the other party's service for step i + 1, whose answer it returns. The client calls insurer/step with
// {i: 0, k: K} at the ingress and gets the answer when all K steps ran: a workflow's latency.
import * as restate from "@restatedev/restate-sdk";

const PORT = Number(process.env.SERVICE_PORT ?? 9080);

function party(name, other) {
  return restate.service({
    name,
    handlers: {
      step: async (ctx, req) => {
        const done = await ctx.run("step", () => ({ step: req.i, by: name }));
        if (req.i + 1 >= req.k) {
          return { steps: req.i + 1, last: done.by };
        }
        return ctx.genericCall({
          service: other,
          method: "step",
          parameter: { i: req.i + 1, k: req.k },
          inputSerde: restate.serde.json,
          outputSerde: restate.serde.json,
        });
      },
    },
  });
}

restate.endpoint().bind(party("insurer", "bureau")).bind(party("bureau", "insurer")).listen(PORT);
