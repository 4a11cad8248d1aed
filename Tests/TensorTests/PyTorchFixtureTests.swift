import Testing
@testable import Tensor

/// The named tensor of a fixture file; `grad` marks it as an input to differentiate.
private func load(_ file: SafeTensorsFile, _ name: String, grad: Bool = false) throws -> Tensor {
    let t = try Tensor(file.entry(named: name))
    t.requiresGrad = grad
    return t
}

/// Runs backward with the fixture's upstream gradient and compares the output and the
/// gradient of each named input with PyTorch's.
private func expectMatchesPyTorch(_ file: SafeTensorsFile, output: Tensor, inputs: [String: Tensor],
                                  upstream: String = "grad_out", outputName: String = "out",
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
    expectClose(output.values, try file.entry(named: outputName).floats(), relative: 1e-5, absolute: 1e-6,
                "\(file.source) \(outputName)", sourceLocation: sourceLocation)
    output.backward(gradient: try load(file, upstream))
    for (name, tensor) in inputs {
        expectClose(tensor.grad?.values ?? [], try file.entry(named: "grad_" + name).floats(), relative: 1e-5, absolute: 1e-6,
                    "\(file.source) grad_\(name)", sourceLocation: sourceLocation)
    }
}

@Suite("Ops match PyTorch on reference fixtures")
struct PyTorchFixtureTests {
    @Test func linear() throws {
        let f = try fixture("linear")
        let x = try load(f, "x", grad: true), w = try load(f, "weight", grad: true), b = try load(f, "bias", grad: true)
        try expectMatchesPyTorch(f, output: matmul(x, w, transposeB: true) + b, inputs: ["x": x, "weight": w, "bias": b])
    }

    @Test(arguments: [("conv2d_stride1", 1, Padding.symmetric(1)),
                      ("conv2d_stride2_asymmetric", 2, Padding(top: 0, bottom: 1, left: 0, right: 1))])
    func convolution(name: String, stride: Int, padding: Padding) throws {
        let f = try fixture(name)
        let x = try load(f, "x", grad: true), w = try load(f, "weight", grad: true), b = try load(f, "bias", grad: true)
        try expectMatchesPyTorch(f, output: conv2d(x, weight: w, bias: b, stride: stride, padding: padding),
                                 inputs: ["x": x, "weight": w, "bias": b])
    }

    @Test func groupNormalization() throws {
        let f = try fixture("group_norm")
        let x = try load(f, "x", grad: true), w = try load(f, "weight", grad: true), b = try load(f, "bias", grad: true)
        try expectMatchesPyTorch(f, output: groupNorm(x, groups: 4, weight: w, bias: b, epsilon: 1e-6),
                                 inputs: ["x": x, "weight": w, "bias": b])
    }

    @Test func layerNormalization() throws {
        let f = try fixture("layer_norm")
        let x = try load(f, "x", grad: true), w = try load(f, "weight", grad: true), b = try load(f, "bias", grad: true)
        try expectMatchesPyTorch(f, output: layerNorm(x, weight: w, bias: b, epsilon: 1e-5),
                                 inputs: ["x": x, "weight": w, "bias": b])
    }

    @Test func causalAttention() throws {
        let f = try fixture("attention_causal")
        let q = try load(f, "q", grad: true), k = try load(f, "k", grad: true), v = try load(f, "v", grad: true)
        try expectMatchesPyTorch(f, output: attention(query: q, key: k, value: v, causal: true),
                                 inputs: ["q": q, "k": k, "v": v])
    }

    @Test func maskedAttention() throws {
        let f = try fixture("attention_mask")
        let q = try load(f, "q", grad: true), k = try load(f, "k", grad: true), v = try load(f, "v", grad: true)
        try expectMatchesPyTorch(f, output: attention(query: q, key: k, value: v, causal: false, mask: try load(f, "mask")),
                                 inputs: ["q": q, "k": k, "v": v])
    }

    @Test func lstm() throws {
        let f = try fixture("lstm_cell")
        let names = ["x", "h", "c", "weight_ih", "weight_hh", "bias_ih", "bias_hh"]
        var t: [String: Tensor] = [:]
        for n in names { t[n] = try load(f, n, grad: true) }
        let (h, c) = lstmCell(t["x"]!, hidden: t["h"]!, cell: t["c"]!, weightIH: t["weight_ih"]!, weightHH: t["weight_hh"]!,
                              biasIH: t["bias_ih"]!, biasHH: t["bias_hh"]!)
        expectClose(h.values, try f.entry(named: "h_out").floats(), "h_out")
        expectClose(c.values, try f.entry(named: "c_out").floats(), "c_out")
        let loss = (h * (try load(f, "grad_h_out"))).sum() + (c * (try load(f, "grad_c_out"))).sum()
        loss.backward()
        for n in names { expectClose(t[n]!.grad!.values, try f.entry(named: "grad_" + n).floats(), "grad_\(n)") }
    }

    @Test func crossEntropyWithIgnoredRow() throws {
        let f = try fixture("cross_entropy")
        let logits = try load(f, "logits", grad: true)
        let loss = crossEntropy(logits: logits, targets: try f.entry(named: "targets").integers())
        expectClose([loss.item], try f.entry(named: "loss").floats(), "loss")
        loss.backward()
        expectClose(logits.grad!.values, try f.entry(named: "grad_logits").floats(), "grad_logits")
    }

    @Test(arguments: ["gelu", "silu", "softmax", "log_softmax"])
    func elementwise(op: String) throws {
        let f = try fixture("gelu_softmax")
        let x = try load(f, "x", grad: true)
        let y: Tensor = switch op {
        case "gelu": gelu(x)
        case "silu": silu(x)
        case "softmax": softmax(x)
        default: logSoftmax(x)
        }
        expectClose(y.values, try f.entry(named: "\(op)_out").floats(), "\(op)_out")
        y.backward(gradient: try load(f, "grad_out_\(op)"))
        expectClose(x.grad!.values, try f.entry(named: "grad_x_\(op)").floats(), "grad_x_\(op)")
    }

    /// Ten AdamW steps with two parameter groups and gradient clipping, as torch.optim.AdamW.
    @Test func adamWTrajectory() throws {
        let f = try fixture("adamw_mlp")
        var rng = RandomGenerator(seed: 0)
        let first = Linear(4, 8, using: &rng), second = Linear(8, 3, using: &rng)
        for (layer, name) in [(first, "fc1"), (second, "fc2")] {
            layer.weight.assign(try load(f, "init.\(name).weight"))
            layer.bias!.assign(try load(f, "init.\(name).bias"))
        }
        let x = try load(f, "x"), y = try load(f, "y")
        let optimizer = Adam([ParameterGroup([first.weight, second.weight], weightDecay: 0.1),
                              ParameterGroup([first.bias!, second.bias!], weightDecay: 0)],
                             learningRate: 1e-2, decoupledWeightDecay: true)
        var losses: [Float] = []
        for _ in 0..<10 {
            optimizer.zeroGrad()
            let loss = mseLoss(second(gelu(first(x))), y)
            losses.append(loss.item)
            loss.backward()
            clipGradientNorm([first.weight, first.bias!, second.weight, second.bias!], maxNorm: 1)
            optimizer.step()
        }
        expectClose(losses, try f.entry(named: "losses").floats(), relative: 1e-5, "losses")
        for (layer, name) in [(first, "fc1"), (second, "fc2")] {
            expectClose(layer.weight.values, try f.entry(named: "final.\(name).weight").floats(), relative: 1e-5, "\(name).weight")
            expectClose(layer.bias!.values, try f.entry(named: "final.\(name).bias").floats(), relative: 1e-5, "\(name).bias")
        }
    }
}
