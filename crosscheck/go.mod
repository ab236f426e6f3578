module github.com/cwal-go/cwal/crosscheck

go 1.25.0

replace github.com/cwal-go/cwal => ../

require github.com/cwal-go/cwal v0.0.0-00010101000000-000000000000

require (
	github.com/google/uuid v1.6.0 // indirect
	go.mongodb.org/mongo-driver/v2 v2.9.3
)
