module github.com/cwal-go/cwal

go 1.24.0

require (
	github.com/golang/snappy v1.0.0
	github.com/google/uuid v1.6.0
	github.com/klauspost/compress v1.19.2
	github.com/xdg-go/scram v1.4.0
	github.com/xdg-go/stringprep v1.0.4
	go.uber.org/goleak v1.3.0
)

require golang.org/x/text v0.3.8 // indirect
