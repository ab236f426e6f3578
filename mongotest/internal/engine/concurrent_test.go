package engine_test

import (
	"context"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

// TestConcurrentUse shares compiled values between goroutines, as a server
// does across connections; run with -race.
func TestConcurrentUse(t *testing.T) {
	env := engine.NewEnv()
	if err := env.SetLet(doc(t, `{k: 2}`)); err != nil {
		t.Fatal(err)
	}
	f, _ := engine.CompileFilter(doc(t, `{$expr: {$gte: ["$a", "$$k"]}, b: /x/}`), env)
	u, _ := engine.CompileUpdate(val(t, `{$inc: {a: 1}, $push: {l: {$each: [1], $sort: 1}}}`), engine.UpdateOptions{Env: env})
	p, _ := engine.CompilePipeline(docs(t, `[{$set: {c: {$multiply: ["$a", "$$k"]}}}, {$group: {_id: "$b", n: {$sum: "$c"}}}]`), env)
	d := doc(t, `{_id: 1, a: 3, b: "xy", l: [2]}`)
	in := docs(t, `[{a: 1, b: "x"}, {a: 2, b: "x"}, {a: 3, b: "y"}]`)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if ok, err := f.Match(d); !ok || err != nil {
					t.Errorf("Match = %v, %v", ok, err)
					return
				}
				if _, _, err := u.Apply(d, -1); err != nil {
					t.Error(err)
					return
				}
				if out, err := p.Run(context.Background(), in, nil); err != nil || len(out) != 2 {
					t.Errorf("Run = %d docs, %v", len(out), err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
