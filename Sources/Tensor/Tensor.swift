// Tensor: shapes, contiguous Float32 storage, reverse-mode autograd.
