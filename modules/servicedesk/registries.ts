// filled in below
export {}
